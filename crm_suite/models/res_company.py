from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..buy_till_you_die import BgNbd, GammaGamma

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
    _name = "res.company"
    _inherit = ["res.company", "crm.suite.engine.mixin"]

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
    crm_suite_festival_greeting = fields.Selection(GREETING_MODES, string="Festivals", default="send", required=True)
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

    # Predictive customer value (crm_suite_segmentation_prediction): the settings, then the models'
    # parameters as the last successful fit left them (unrounded: a rounded a = 1 has no formula).
    crm_suite_forecast_days = fields.Integer(
        string="Forecast Horizon (days)",
        default=90,
        help="The customers' expected purchases are counted over this many days ahead; the backtest checks the"
        " model over the same horizon.",
    )
    crm_suite_clv_months = fields.Integer(
        string="Lifetime Value Horizon (months)",
        default=36,
        help="The predicted lifetime value is the expected margin of this many months ahead.",
    )
    crm_suite_annual_discount_rate = fields.Float(
        string="Annual Discount Rate (%)",
        default=10.0,
        help="A month's expected margin is discounted to today at this yearly rate.",
    )
    crm_suite_prediction_min_customers = fields.Integer(
        string="Minimum Repeat Customers",
        default=50,
        help="The models are fitted only on a history with at least this many customers who bought more than once;"
        " with fewer, the previous fit is kept, or the lifetime value falls back to the rule of thumb.",
    )
    crm_suite_lifecycle_by_probability = fields.Boolean(
        string="Lifecycle From the Probability Alive",
        help="A customer who bought more than once is at risk, or lapsed, when the model's probability that they"
        " are still a customer falls below the thresholds, not after a multiple of their usual interval. Turned on,"
        " many customers may change stage at the next recompute, and with them the repurchase reminders and the"
        " retention and win-back offers that follow the stage.",
    )
    crm_suite_at_risk_probability = fields.Float(string="At Risk Below (% alive)", default=50.0)
    crm_suite_lapsed_probability = fields.Float(string="Lapsed Below (% alive)", default=20.0)
    crm_suite_bgnbd_r = fields.Float(string="BG/NBD r", readonly=True, engine_owned=True, groups="base.group_user")
    crm_suite_bgnbd_alpha = fields.Float(
        string="BG/NBD alpha (days)", readonly=True, engine_owned=True, groups="base.group_user"
    )
    crm_suite_bgnbd_a = fields.Float(string="BG/NBD a", readonly=True, engine_owned=True, groups="base.group_user")
    crm_suite_bgnbd_b = fields.Float(string="BG/NBD b", readonly=True, engine_owned=True, groups="base.group_user")
    crm_suite_gg_p = fields.Float(string="Gamma-Gamma p", readonly=True, engine_owned=True, groups="base.group_user")
    crm_suite_gg_q = fields.Float(string="Gamma-Gamma q", readonly=True, engine_owned=True, groups="base.group_user")
    crm_suite_gg_v = fields.Float(string="Gamma-Gamma v", readonly=True, engine_owned=True, groups="base.group_user")
    crm_suite_prediction_fit_date = fields.Datetime(
        string="Models Fitted On", readonly=True, engine_owned=True, groups="base.group_user"
    )
    crm_suite_prediction_customer_count = fields.Integer(
        string="Customers in the Fit", readonly=True, engine_owned=True, groups="base.group_user"
    )
    crm_suite_prediction_status = fields.Selection(
        [
            ("fitted", "Fitted on the latest history"),
            ("too_little_history", "Too little history: too few customers bought more than once"),
            ("values_not_converged", "Purchases fitted; purchase values did not converge (own averages used)"),
            ("not_converged", "The fit did not converge on the latest history"),
        ],
        string="Last Fit",
        readonly=True,
        engine_owned=True,
        groups="base.group_user",
    )

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

    @api.constrains(
        "crm_suite_forecast_days",
        "crm_suite_clv_months",
        "crm_suite_annual_discount_rate",
        "crm_suite_prediction_min_customers",
        "crm_suite_at_risk_probability",
        "crm_suite_lapsed_probability",
    )
    def _check_crm_suite_prediction(self):
        for company in self:
            if company.crm_suite_forecast_days < 1 or company.crm_suite_clv_months < 1:
                raise ValidationError(self.env._("The forecast horizons are at least one day and one month."))
            if not 0 <= company.crm_suite_annual_discount_rate < 100:
                raise ValidationError(self.env._("The annual discount rate is a percentage from 0 to 100."))
            if company.crm_suite_prediction_min_customers < 2:
                raise ValidationError(self.env._("The models need at least two customers who bought more than once."))
            if not 0 < company.crm_suite_lapsed_probability < company.crm_suite_at_risk_probability < 100:
                raise ValidationError(
                    self.env._("A customer must turn at risk (a higher probability alive) before lapsing.")
                )

    def _crm_suite_bgnbd(self):
        """The company's fitted BG/NBD model, or None before a first successful fit."""
        self.ensure_one()
        if not self.crm_suite_prediction_fit_date:
            return None
        return BgNbd(self.crm_suite_bgnbd_r, self.crm_suite_bgnbd_alpha, self.crm_suite_bgnbd_a, self.crm_suite_bgnbd_b)

    def _crm_suite_gamma_gamma(self):
        """The company's fitted Gamma-Gamma model, or None before a first successful fit of it."""
        self.ensure_one()
        if not (self.crm_suite_prediction_fit_date and self.crm_suite_gg_q > 1):
            return None
        return GammaGamma(self.crm_suite_gg_p, self.crm_suite_gg_q, self.crm_suite_gg_v)

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
