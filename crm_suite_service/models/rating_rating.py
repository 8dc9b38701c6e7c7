import functools

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

# Ratings of these documents carry what the customer said about their job card, order or complaint:
# they are read with the document only (Odoo lets every employee read every rating).
PRIVATE_RATING_MODELS = ("crm.suite.complaint", "repair.order", "sale.order")


def readable_documents(env, model_name):
    """The query of the ``model_name`` records the user of ``env`` may read (their record rules:
    owner, company, team), or None when they may read none."""
    documents = env[model_name].with_context(active_test=False)
    return documents._search([]) if documents.has_access("read") else None


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

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs):
        """Searches, counts and groupings see the ratings of private documents the user may read only,
        in the query itself: limits, orders and counts stay right, as with a record rule."""
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self._crm_suite_readable_documents_domain()
        return super()._search(domain, offset, limit, order, bypass_access=bypass_access, **kwargs)

    @api.model
    def _crm_suite_readable_documents_domain(self):
        readable = [Domain("res_model", "not in", PRIVATE_RATING_MODELS)]
        for model_name in PRIVATE_RATING_MODELS:
            documents = readable_documents(self.env, model_name)
            if documents is not None:
                readable.append(Domain("res_model", "=", model_name) & Domain("res_id", "in", documents))
        return Domain.OR(readable)

    def write(self, vals):
        """No rating moves onto a job card, an order or a complaint, where it would count as the
        customer's (rule_rating_feedback_written_by_customer keeps the ratings already there)."""
        # sudo: only the model's technical name is read, to know where the rating would go.
        target = self.env["ir.model"].sudo().browse(vals.get("res_model_id")).model
        if not self.env.su and target in PRIVATE_RATING_MODELS:
            raise AccessError(self.env._("Only the customer rates a job card, an order or a complaint."))
        return super().write(vals)

    def _check_access(self, operation):
        """Reading a rating by id needs what searching it needs: the same readable documents."""
        result = super()._check_access(operation)
        if operation != "read" or not self:
            return result
        forbidden = result[0] if result else self.browse()
        candidates = self - forbidden
        domain = Domain("id", "in", candidates.ids) & self._crm_suite_readable_documents_domain()
        # sudo: the domain already holds the user's own readable documents, computed as the user.
        forbidden |= candidates - self.sudo().search(domain)
        if not forbidden:
            return None
        return forbidden, functools.partial(self.env["ir.rule"]._make_access_error, "read", forbidden)
