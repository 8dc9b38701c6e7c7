from odoo import models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    def _crm_suite_rated_record(self):
        """The job card or order a feedback rating is about, for its messages to the customer."""
        self.ensure_one()
        # sudo: the messages are rendered for the customer the rating belongs to, about their own record.
        return self.env[self.res_model].sudo().browse(self.res_id)

    def _crm_suite_feedback_survey_url(self):
        """The survey that follows the rating, when the company has one (empty for other ratings)."""
        record = self._crm_suite_rated_record()
        if not isinstance(record, self.env.registry["crm.suite.feedback.mixin"]):
            return ""
        answer = record.crm_suite_feedback_survey_answer_id
        return answer.get_start_url() if answer else ""
