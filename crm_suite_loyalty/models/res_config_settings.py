from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_suite_greeting_program_id = fields.Many2one(related="company_id.crm_suite_greeting_program_id", readonly=False)
    crm_suite_greeting_coupon_days = fields.Integer(related="company_id.crm_suite_greeting_coupon_days", readonly=False)
    crm_suite_tier_grace_days = fields.Integer(related="company_id.crm_suite_tier_grace_days", readonly=False)
    crm_suite_tier_warning_days = fields.Integer(related="company_id.crm_suite_tier_warning_days", readonly=False)
    crm_suite_retention_offers = fields.Boolean(related="company_id.crm_suite_retention_offers", readonly=False)
    crm_suite_retention_program_id = fields.Many2one(
        related="company_id.crm_suite_retention_program_id", readonly=False
    )
    crm_suite_retention_coupon_days = fields.Integer(
        related="company_id.crm_suite_retention_coupon_days", readonly=False
    )
    crm_suite_winback_offers = fields.Boolean(related="company_id.crm_suite_winback_offers", readonly=False)
    crm_suite_winback_program_id = fields.Many2one(related="company_id.crm_suite_winback_program_id", readonly=False)
    crm_suite_anniversary_gifts = fields.Boolean(related="company_id.crm_suite_anniversary_gifts", readonly=False)
    crm_suite_anniversary_program_id = fields.Many2one(
        related="company_id.crm_suite_anniversary_program_id", readonly=False
    )
