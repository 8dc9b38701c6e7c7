from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # The cost to serve of crm_suite, for the events of a service centre.
    crm_suite_cost_job_card = fields.Float(string="Cost per Job Card")
    crm_suite_cost_complaint = fields.Float(string="Cost per Complaint")
    crm_suite_cost_delivery = fields.Float(string="Cost per Delivery")

    crm_suite_comeback_days = fields.Integer(
        string="Comeback Window (days)",
        default=30,
        help="A job for a problem seen on the same asset within this many days of its delivery is a comeback.",
    )
    crm_suite_promise_warning_hours = fields.Integer(
        string="Promise Warning (hours)",
        default=2,
        help="Warn the service manager this many hours before a promised delivery that is not ready.",
    )
    crm_suite_service_reminder_days = fields.Integer(
        string="Service Reminder (days ahead)", default=7, help="Remind owners this many days before a service is due."
    )
    crm_suite_service_manager_id = fields.Many2one(
        "res.users",
        string="Service Manager",
        domain=lambda self: [("all_group_ids", "in", self.env.ref("crm_suite_service.group_service_manager").ids)],
        help="Receives the warnings of promises at risk.",
    )

    crm_suite_complaint_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Compensation Program",
        domain="[('company_id', 'in', [id, False]), ('program_type', 'in', ('coupons', 'gift_card'))]",
        help="Complaints compensated with a coupon get one of this program.",
    )
    crm_suite_complaint_survey_id = fields.Many2one(
        "survey.survey",
        string="Complaint Survey",
        help="Sent with the rating request when a complaint is closed.",
    )
    crm_suite_sale_feedback = fields.Selection(
        [("none", "Never"), ("delivered", "When Delivered"), ("paid", "When Paid")],
        string="Ask for Feedback on Sales",
        default="delivered",
        required=True,
        help="Job cards are asked about when delivered; sales when all is delivered, or all invoiced and paid.",
    )
    crm_suite_feedback_survey_id = fields.Many2one(
        "survey.survey", string="Feedback Survey", help="Sent with every request for feedback after a service or sale."
    )
    crm_suite_feedback_low_rating = fields.Integer(
        string="Complaint at Ratings Up To",
        default=2,
        help="A rating this low (Odoo's faces: 1 unhappy, 3 neutral, 5 happy) opens a complaint.",
    )
    crm_suite_review_url = fields.Char(
        string="Review Page", help="Customers who give the top rating are asked to review the business here."
    )
    crm_suite_feedback_chase_days = fields.Integer(
        string="Chase Feedback After (days)",
        default=3,
        help="The adviser is asked to call when a delivered job card has no rating after this many days; 0: never.",
    )
    crm_suite_repeat_complaint_count = fields.Integer(
        string="Repeat Complaints", default=3, help="Complaints and returns of a product that flag it as a repeat."
    )
    crm_suite_repeat_complaint_days = fields.Integer(
        string="Repeat Period (days)", default=90, help="The period those complaints and returns are counted in."
    )

    _crm_suite_service_days_positive = models.Constraint(
        "CHECK(crm_suite_comeback_days >= 0 AND crm_suite_promise_warning_hours >= 0 "
        "AND crm_suite_service_reminder_days >= 0 AND crm_suite_repeat_complaint_count >= 0 "
        "AND crm_suite_repeat_complaint_days >= 0 AND crm_suite_feedback_chase_days >= 0)",
        "Service windows and notices cannot be negative.",
    )
    # Odoo's top rating is 5: a threshold of 5 would open a complaint for every happy customer.
    _crm_suite_feedback_low_rating_range = models.Constraint(
        "CHECK(crm_suite_feedback_low_rating BETWEEN 0 AND 4)",
        "A rating that opens a complaint is between 0 (none does) and 4.",
    )

    def _crm_suite_cost_fields(self):
        return [
            *super()._crm_suite_cost_fields(),
            "crm_suite_cost_job_card",
            "crm_suite_cost_complaint",
            "crm_suite_cost_delivery",
        ]

    @api.constrains("crm_suite_review_url")
    def _check_review_url(self):
        for company in self.filtered("crm_suite_review_url"):
            if urlsplit(company.crm_suite_review_url).scheme not in ("http", "https"):
                raise ValidationError(
                    self.env._("The review page is a web address starting with https:// (or http://).")
                )

    @api.constrains("crm_suite_service_manager_id")
    def _check_service_manager_role(self):
        # The warnings of promises at risk go to this user as activities on job cards.
        manager = self.env.ref("crm_suite_service.group_service_manager")
        for company in self.filtered("crm_suite_service_manager_id"):
            if manager not in company.crm_suite_service_manager_id.all_group_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a Service Centre manager, so cannot be warned of the promises at risk.",
                        user=company.crm_suite_service_manager_id.name,
                    )
                )
