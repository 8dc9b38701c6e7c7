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
    crm_suite_festival_greeting = fields.Selection(related="company_id.crm_suite_festival_greeting", readonly=False)
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
    crm_suite_forecast_days = fields.Integer(related="company_id.crm_suite_forecast_days", readonly=False)
    crm_suite_clv_months = fields.Integer(related="company_id.crm_suite_clv_months", readonly=False)
    crm_suite_annual_discount_rate = fields.Float(related="company_id.crm_suite_annual_discount_rate", readonly=False)
    crm_suite_prediction_min_customers = fields.Integer(
        related="company_id.crm_suite_prediction_min_customers", readonly=False
    )
    crm_suite_lifecycle_by_probability = fields.Boolean(
        related="company_id.crm_suite_lifecycle_by_probability", readonly=False
    )
    crm_suite_at_risk_probability = fields.Float(related="company_id.crm_suite_at_risk_probability", readonly=False)
    crm_suite_lapsed_probability = fields.Float(related="company_id.crm_suite_lapsed_probability", readonly=False)
    crm_suite_bgnbd_r = fields.Float(related="company_id.crm_suite_bgnbd_r")
    crm_suite_bgnbd_alpha = fields.Float(related="company_id.crm_suite_bgnbd_alpha")
    crm_suite_bgnbd_a = fields.Float(related="company_id.crm_suite_bgnbd_a")
    crm_suite_bgnbd_b = fields.Float(related="company_id.crm_suite_bgnbd_b")
    crm_suite_gg_p = fields.Float(related="company_id.crm_suite_gg_p")
    crm_suite_gg_q = fields.Float(related="company_id.crm_suite_gg_q")
    crm_suite_gg_v = fields.Float(related="company_id.crm_suite_gg_v")
    crm_suite_prediction_fit_date = fields.Datetime(related="company_id.crm_suite_prediction_fit_date")
    crm_suite_prediction_customer_count = fields.Integer(related="company_id.crm_suite_prediction_customer_count")
    crm_suite_prediction_status = fields.Selection(related="company_id.crm_suite_prediction_status")

    def action_crm_suite_recompute_segmentation(self):
        """Managers refresh every figure and segment of their company now, not tonight."""
        return self.env["res.partner"].with_company(self.company_id).action_crm_suite_recompute_segmentation()
