from odoo import api, fields, models
from odoo.fields import Domain

# The job cards the Job Cards list's Open filter shows.
OPEN_JOB_CARD_DOMAIN = Domain("service_stage", "not in", ("delivered", "cancelled"))
# A rating the customer gave, on whatever document asked for it.
GIVEN_RATING_DOMAIN = Domain("consumed", "=", True) & Domain("rating", ">", 0)


class ResPartner(models.Model):
    """The service parts of the Customer 360: open job cards, complaints and satisfaction."""

    _inherit = "res.partner"

    crm_suite_open_job_card_ids = fields.Many2many(
        "repair.order",
        compute="_compute_crm_suite_open_job_cards",
        string="Open Job Cards",
        groups="stock.group_stock_user",
    )
    crm_suite_open_complaint_ids = fields.Many2many(
        "crm.suite.complaint",
        compute="_compute_crm_suite_open_complaints",
        string="Open Complaints",
        groups="crm_suite_service.group_service_adviser",
    )
    # Satisfaction: Odoo's ratings the customer gave, of complaints and of any other rated document,
    # counted for each viewer over the documents they may read (Odoo lets every employee read ratings).
    crm_suite_rating_ids = fields.Many2many(
        "rating.rating",
        compute="_compute_crm_suite_satisfaction",
        string="Ratings by the Customer",
        groups="base.group_user",
    )
    crm_suite_rating_count = fields.Integer(
        compute="_compute_crm_suite_satisfaction", string="Ratings Given", groups="base.group_user"
    )
    crm_suite_rating_avg = fields.Float(
        compute="_compute_crm_suite_satisfaction",
        string="Average Rating",
        digits=(16, 1),
        groups="base.group_user",
        help="The average of the ratings the customer gave, from 1 (dissatisfied) to 5 (satisfied).",
    )
    crm_suite_last_feedback = fields.Text(
        compute="_compute_crm_suite_satisfaction", string="Last Feedback", groups="base.group_user"
    )
    crm_suite_last_feedback_datetime = fields.Datetime(
        compute="_compute_crm_suite_satisfaction", string="Last Feedback On", groups="base.group_user"
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_suite_open_job_cards(self):
        jobs = self._crm_suite_customer_records("repair.order", OPEN_JOB_CARD_DOMAIN, order="promised_datetime, id")
        for partner in self:
            partner.crm_suite_open_job_card_ids = jobs[partner.id]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_suite_open_complaints(self):
        complaints = self._crm_suite_customer_records("crm.suite.complaint", Domain("is_closed", "=", False))
        for partner in self:
            partner.crm_suite_open_complaint_ids = complaints[partner.id]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_suite_satisfaction(self):
        ratings = self._crm_suite_customer_records("rating.rating", GIVEN_RATING_DOMAIN, order="rated_on desc, id desc")
        readable = self._crm_suite_ratings_of_readable_documents(self.env["rating.rating"].union(*ratings.values()))
        for partner in self:
            given = ratings[partner.id] & readable
            last_feedback = given.filtered("feedback")[:1]
            partner.crm_suite_rating_ids = given
            partner.crm_suite_rating_count = len(given)
            partner.crm_suite_rating_avg = sum(given.mapped("rating")) / len(given) if given else 0.0
            partner.crm_suite_last_feedback = last_feedback.feedback
            partner.crm_suite_last_feedback_datetime = last_feedback.rated_on

    def _crm_suite_ratings_of_readable_documents(self, ratings):
        """The ``ratings`` of documents the current user may read: a rating tells what it rates (its
        name, the feedback), which a technician may not read of a complaint, nor anyone of another
        company's document. One access check per rated model."""
        readable = self.env["rating.rating"]
        for model_name, model_ratings in ratings.grouped("res_model").items():
            if model_name not in self.env:
                continue
            documents = self.env[model_name].browse(model_ratings.mapped("res_id"))._filtered_access("read")
            readable |= model_ratings.filtered(lambda rating, ids=set(documents.ids): rating.res_id in ids)
        return readable
