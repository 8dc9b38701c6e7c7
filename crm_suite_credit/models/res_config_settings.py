from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_suite_reply_pause_days = fields.Integer(related="company_id.crm_suite_reply_pause_days", readonly=False)
