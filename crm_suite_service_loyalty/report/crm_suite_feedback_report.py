from odoo import fields, models
from odoo.tools import SQL


class CrmSuiteFeedbackReport(models.Model):
    _inherit = "crm.suite.feedback.report"
    _depends = {"res.partner": ["loyalty_tier_id"]}

    loyalty_tier_id = fields.Many2one(
        "crm.suite.loyalty.tier", readonly=True, help="The customer's tier in the company today."
    )

    def _customer_columns(self):
        return SQL(
            "%s, (commercial.loyalty_tier_id ->> record.company_id::text)::integer AS loyalty_tier_id",
            super()._customer_columns(),
        )
