from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_suite_new_customer_days = fields.Integer(related="company_id.crm_suite_new_customer_days", readonly=False)
    crm_suite_default_purchase_interval = fields.Integer(
        related="company_id.crm_suite_default_purchase_interval", readonly=False
    )
    crm_suite_at_risk_factor = fields.Float(related="company_id.crm_suite_at_risk_factor", readonly=False)
    crm_suite_lapsed_factor = fields.Float(related="company_id.crm_suite_lapsed_factor", readonly=False)
    crm_suite_birthday_greeting = fields.Selection(related="company_id.crm_suite_birthday_greeting", readonly=False)
    crm_suite_anniversary_greeting = fields.Selection(
        related="company_id.crm_suite_anniversary_greeting", readonly=False
    )
    crm_suite_family_birthday_greeting = fields.Selection(
        related="company_id.crm_suite_family_birthday_greeting", readonly=False
    )
    crm_suite_greeting_hour = fields.Integer(related="company_id.crm_suite_greeting_hour", readonly=False)

    crm_suite_greeting_user_id = fields.Many2one(related="company_id.crm_suite_greeting_user_id", readonly=False)
