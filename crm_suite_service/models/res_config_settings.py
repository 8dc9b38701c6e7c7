from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_suite_cost_job_card = fields.Float(related="company_id.crm_suite_cost_job_card", readonly=False)
    crm_suite_cost_complaint = fields.Float(related="company_id.crm_suite_cost_complaint", readonly=False)
    crm_suite_cost_delivery = fields.Float(related="company_id.crm_suite_cost_delivery", readonly=False)
    crm_suite_comeback_days = fields.Integer(related="company_id.crm_suite_comeback_days", readonly=False)
    crm_suite_promise_warning_hours = fields.Integer(
        related="company_id.crm_suite_promise_warning_hours", readonly=False
    )
    crm_suite_service_reminder_days = fields.Integer(
        related="company_id.crm_suite_service_reminder_days", readonly=False
    )
    crm_suite_complaint_coupon_program_id = fields.Many2one(
        related="company_id.crm_suite_complaint_coupon_program_id", readonly=False
    )
    crm_suite_complaint_survey_id = fields.Many2one(related="company_id.crm_suite_complaint_survey_id", readonly=False)
    crm_suite_repeat_complaint_count = fields.Integer(
        related="company_id.crm_suite_repeat_complaint_count", readonly=False
    )
    crm_suite_repeat_complaint_days = fields.Integer(
        related="company_id.crm_suite_repeat_complaint_days", readonly=False
    )
    crm_suite_service_manager_id = fields.Many2one(related="company_id.crm_suite_service_manager_id", readonly=False)
    crm_suite_sale_feedback = fields.Selection(related="company_id.crm_suite_sale_feedback", readonly=False)
    crm_suite_feedback_survey_id = fields.Many2one(related="company_id.crm_suite_feedback_survey_id", readonly=False)
    crm_suite_feedback_low_rating = fields.Integer(related="company_id.crm_suite_feedback_low_rating", readonly=False)
    crm_suite_review_url = fields.Char(related="company_id.crm_suite_review_url", readonly=False)
    crm_suite_feedback_chase_days = fields.Integer(related="company_id.crm_suite_feedback_chase_days", readonly=False)
