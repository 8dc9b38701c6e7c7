from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        help="Who calls for an occasion when the contact has no salesperson.",
    )
    crm_suite_greeting_hour = fields.Integer(
        string="Greet From (hour)", default=9, help="Greetings go out from this hour of the customer's own day."
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

    def _crm_suite_lifecycle_thresholds(self):
        self.ensure_one()
        return {
            "new_days": self.crm_suite_new_customer_days,
            "default_interval": self.crm_suite_default_purchase_interval,
            "at_risk_factor": self.crm_suite_at_risk_factor,
            "lapsed_factor": self.crm_suite_lapsed_factor,
        }

    def _crm_suite_greeting_mode(self, occasion):
        self.ensure_one()
        return self[f"crm_suite_{occasion}_greeting"]
