from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANALYTICS_SOURCES = [
    ("invoice", "Posted invoices"),
    ("order", "Confirmed sales orders"),
]
ABC_BASES = [
    ("revenue", "Revenue"),
    ("margin", "Gross margin"),
]
# What serving a customer costs, per unit of each cost driver (see crm.suite.segmentation).
COST_DRIVERS = ("activity", "email", "call", "visit")

GREETING_MODES = [
    ("send", "Send a greeting"),
    ("activity", "Ask the salesperson to call"),
    ("off", "Off"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_suite_new_customer_days = fields.Integer(string="New Customer Period (days)", default=90)
    crm_suite_default_purchase_interval = fields.Integer(string="Default Purchase Interval (days)", default=90)
    crm_suite_at_risk_factor = fields.Float(string="At Risk After (x usual interval)", default=1.5)
    crm_suite_lapsed_factor = fields.Float(string="Lapsed After (x usual interval)", default=3.0)
    crm_suite_birthday_greeting = fields.Selection(GREETING_MODES, string="Birthdays", default="send", required=True)
    crm_suite_anniversary_greeting = fields.Selection(
        GREETING_MODES, string="Wedding Anniversaries", default="send", required=True
    )
    crm_suite_family_birthday_greeting = fields.Selection(
        GREETING_MODES, string="Family Birthdays", default="activity", required=True
    )
    crm_suite_greeting_user_id = fields.Many2one(
        "res.users",
        string="Calls Without Salesperson Go To",
        domain=lambda self: [("all_group_ids", "in", self.env.ref("crm_suite.group_crm_suite_personal_data").ids)],
        help="Who calls for an occasion when the contact has no salesperson, or one who may not see personal"
        " data. Without either, contacts who want a call are not greeted.",
    )
    crm_suite_greeting_hour = fields.Integer(
        string="Greet From (hour)", default=9, help="Greetings go out from this hour of the customer's own day."
    )

    crm_suite_analytics_source = fields.Selection(
        ANALYTICS_SOURCES,
        string="Purchases Counted From",
        default="invoice",
        required=True,
        help="Customer figures come from posted customer invoices net of credit notes, or from confirmed orders.",
    )
    crm_suite_segmentation_months = fields.Integer(string="Segmentation Period (months)", default=12)
    crm_suite_abc_basis = fields.Selection(ABC_BASES, string="Rank Customers By", default="revenue", required=True)
    crm_suite_abc_a_percent = fields.Float(string="Class A up to (%)", default=80.0)
    crm_suite_abc_b_percent = fields.Float(string="Class B up to (%)", default=95.0)
    crm_suite_repurchase_reminder_days = fields.Integer(
        string="Remind After (days overdue)",
        default=7,
        help="Days past the expected next purchase after which the salesperson gets a reminder.",
    )
    crm_suite_cost_activity = fields.Float(string="Cost per Activity")
    crm_suite_cost_email = fields.Float(string="Cost per Email")
    crm_suite_cost_call = fields.Float(string="Cost per Call")
    crm_suite_cost_visit = fields.Float(string="Cost per Visit")
    crm_suite_retention_rate = fields.Float(
        string="Customer Retention (%)",
        readonly=True,
        help="Share of the customers who bought in the previous period who bought again in the last one.",
    )
    crm_suite_expected_lifespan = fields.Float(
        string="Expected Customer Lifespan (years)",
        readonly=True,
        help="1 / (1 - retention), at most 10 years; 1 year while there is no previous period to compare.",
    )
    crm_suite_segmentation_date = fields.Datetime(string="Segments Computed On", readonly=True)

    @api.constrains("crm_suite_at_risk_factor", "crm_suite_lapsed_factor", "crm_suite_greeting_hour")
    def _check_crm_suite_thresholds(self):
        for company in self:
            if not 1 <= company.crm_suite_at_risk_factor < company.crm_suite_lapsed_factor:
                raise ValidationError(
                    self.env._("A customer must turn at risk (from 1x their usual interval) before lapsing.")
                )
            if not 0 <= company.crm_suite_greeting_hour <= 23:
                raise ValidationError(self.env._("The greeting hour is an hour of the day, from 0 to 23."))

    @api.constrains("crm_suite_greeting_user_id")
    def _check_crm_suite_greeting_caller(self):
        # The field's choices are a view's; an import or an RPC call is held to the same rule.
        for company in self.filtered("crm_suite_greeting_user_id"):
            if not company.crm_suite_greeting_user_id.has_group("crm_suite.group_crm_suite_personal_data"):
                raise ValidationError(
                    self.env._(
                        "%(user)s may not see personal data (CRM Suite: Personal Data), so cannot call for occasions.",
                        user=company.crm_suite_greeting_user_id.name,
                    )
                )

    @api.constrains(
        "crm_suite_segmentation_months",
        "crm_suite_abc_a_percent",
        "crm_suite_abc_b_percent",
        "crm_suite_repurchase_reminder_days",
    )
    def _check_crm_suite_segmentation(self):
        for company in self:
            if company.crm_suite_segmentation_months < 1:
                raise ValidationError(self.env._("The segmentation period is at least one month."))
            if not 0 < company.crm_suite_abc_a_percent < company.crm_suite_abc_b_percent <= 100:
                raise ValidationError(
                    self.env._("Class A must end below class B, and class B at 100% of the revenue at most.")
                )
            if company.crm_suite_repurchase_reminder_days < 0:
                raise ValidationError(self.env._("The repurchase reminder cannot come before the expected date."))

    def _crm_suite_cost_fields(self):
        """The company's unit costs of service; add-ons with service events of their own add theirs."""
        return [f"crm_suite_cost_{driver}" for driver in COST_DRIVERS]

    @api.constrains(lambda self: self._crm_suite_cost_fields())
    def _check_crm_suite_costs(self):
        for company in self:
            if any(company[name] < 0 for name in company._crm_suite_cost_fields()):
                raise ValidationError(self.env._("A unit cost of service cannot be negative."))

    def _crm_suite_greeting_mode(self, occasion):
        self.ensure_one()
        return self[f"crm_suite_{occasion}_greeting"]
