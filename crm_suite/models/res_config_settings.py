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

    crm_suite_analytics_source = fields.Selection(related="company_id.crm_suite_analytics_source", readonly=False)
    crm_suite_segmentation_months = fields.Integer(related="company_id.crm_suite_segmentation_months", readonly=False)
    crm_suite_abc_basis = fields.Selection(related="company_id.crm_suite_abc_basis", readonly=False)
    crm_suite_abc_a_percent = fields.Float(related="company_id.crm_suite_abc_a_percent", readonly=False)
    crm_suite_abc_b_percent = fields.Float(related="company_id.crm_suite_abc_b_percent", readonly=False)
    crm_suite_repurchase_reminder_days = fields.Integer(
        related="company_id.crm_suite_repurchase_reminder_days", readonly=False
    )
    crm_suite_cost_activity = fields.Float(related="company_id.crm_suite_cost_activity", readonly=False)
    crm_suite_cost_email = fields.Float(related="company_id.crm_suite_cost_email", readonly=False)
    crm_suite_cost_call = fields.Float(related="company_id.crm_suite_cost_call", readonly=False)
    crm_suite_cost_visit = fields.Float(related="company_id.crm_suite_cost_visit", readonly=False)
    crm_suite_retention_rate = fields.Float(related="company_id.crm_suite_retention_rate")
    crm_suite_expected_lifespan = fields.Float(related="company_id.crm_suite_expected_lifespan")
    crm_suite_segmentation_date = fields.Datetime(related="company_id.crm_suite_segmentation_date")

    def action_crm_suite_recompute_segmentation(self):
        """Managers refresh every figure and segment of their company now, not tonight."""
        return self.env["res.partner"].with_company(self.company_id).action_crm_suite_recompute_segmentation()
