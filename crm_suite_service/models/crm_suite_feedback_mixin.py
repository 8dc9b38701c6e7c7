from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import plaintext2html

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed
from odoo.addons.rating.models.rating_data import RATING_HAPPY_VALUE

FEEDBACK_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("none", "Not Reachable"),
    ("failed", "Failed"),
]

# Work finished longer ago than this is never asked about: switching feedback on asks nobody about old business.
FEEDBACK_WINDOW_DAYS = 90

FEEDBACK_BATCH_SIZE = 200


class CrmSuiteFeedbackMixin(models.AbstractModel):
    """Feedback after a job card is delivered or a sale is completed: Odoo's one-click rating asked
    once on the customer's channel, a complaint opened by a low rating, a review asked for by a top one.

    The models that use it say when a record is done (``_crm_suite_feedback_due_domain``); they are
    put it first in their ``_inherit``, before the model that has mail.thread already.
    """

    _name = "crm.suite.feedback.mixin"
    _description = "Feedback After Service or Sale"
    _inherit = ["rating.mixin", "crm.suite.engine.mixin"]

    crm_suite_feedback_requested_datetime = fields.Datetime(
        string="Feedback Asked On", readonly=True, copy=False, index="btree_not_null", engine_owned=True
    )
    crm_suite_feedback_channel = fields.Selection(
        FEEDBACK_CHANNELS, string="Feedback Asked By", readonly=True, copy=False, engine_owned=True
    )
    crm_suite_feedback_survey_answer_id = fields.Many2one(
        "survey.user_input", string="Feedback Survey", readonly=True, copy=False, engine_owned=True
    )
    crm_suite_feedback_complaint_id = fields.Many2one(
        "crm.suite.complaint",
        string="Complaint from Feedback",
        readonly=True,
        copy=False,
        engine_owned=True,
        help="Opened by the customer's low rating.",
    )
    crm_suite_review_requested = fields.Boolean(
        string="Review Asked", readonly=True, copy=False, engine_owned=True, help="Asked after a top rating."
    )
    # The customer's rating decides the figures, the complaint and the reminders: only the rating page
    # (as superuser, for the token's holder) sets it, never a user's write.
    rating_last_value = fields.Float(engine_owned=True)

    def _crm_suite_feedback_due_domain(self, company):
        """The records of ``company`` done recently enough to be asked for feedback now."""
        raise NotImplementedError

    def _crm_suite_feedback_responsible(self):
        """Who sends a WhatsApp request: never the cron's or the rating page's own user."""
        self.ensure_one()
        return (
            self.user_id
            or self._rating_get_partner().user_id
            or self.company_id.crm_suite_service_manager_id
            or self.create_uid
        )

    @api.model
    def _crm_suite_request_due_feedback(self, on_batch_done=None):
        """Ask for feedback on every record done and not asked yet, a batch at a time."""
        for company in self.env["res.company"].search([]):
            domain = [
                ("company_id", "=", company.id),
                ("crm_suite_feedback_requested_datetime", "=", False),
                *self._crm_suite_feedback_due_domain(company),
            ]
            while records := self.search(domain, limit=FEEDBACK_BATCH_SIZE, order="id"):
                claimed = lock_unclaimed(records).filtered(lambda r: not r.crm_suite_feedback_requested_datetime)
                if not claimed:
                    break
                failed = for_each_safely(claimed, type(self)._crm_suite_request_feedback, "the feedback request")
                # sudo: the stamp is the engine's (engine_owned); a record that failed is not retried
                # every hour, its error is in the log.
                failed.sudo().write(
                    {
                        "crm_suite_feedback_requested_datetime": fields.Datetime.now(),
                        "crm_suite_feedback_channel": "failed",
                    }
                )
                if on_batch_done:
                    on_batch_done(len(claimed))

    def _crm_suite_request_feedback(self):
        """Odoo's one-click rating on the customer's channel, with the company's survey when it has one.

        The stamp and the message go in one transaction: the request is sent once, or not at all.
        """
        self.ensure_one()
        customer = self._rating_get_partner()
        channel = customer._crm_suite_service_channel() if customer else None
        values = {
            "crm_suite_feedback_requested_datetime": fields.Datetime.now(),
            "crm_suite_feedback_channel": channel or "none",
        }
        survey = self.company_id.crm_suite_feedback_survey_id
        if survey and channel:
            values["crm_suite_feedback_survey_answer_id"] = survey._create_answer(
                partner=customer, check_attempts=False
            ).id
        # sudo: the request's stamp, channel and survey answer are the engine's (engine_owned).
        self.sudo().write(values)
        if not channel:
            return
        # sudo: the rating (and its token) is Odoo's record of the request; the user may read this record.
        rating = (
            self.env["rating.rating"].sudo().search([("access_token", "=", self._rating_get_access_token(customer))])
        )
        self._crm_suite_send(
            channel,
            rating,
            "crm_suite_service.mail_template_feedback_request",
            "crm_suite_service.sms_template_feedback_request",
            self.env._("Ask %s on WhatsApp for their feedback", customer.name),
        )

    def _crm_suite_send(self, channel, rating, mail_template_xmlid, sms_template_xmlid, whatsapp_summary):
        """Post the rating's message to the customer on ``channel``, in their language."""
        customer = rating.partner_id
        if channel == "email":
            template = self.env.ref(mail_template_xmlid)
            rendered = {
                field: template._render_field(field, rating.ids, compute_lang=True)[rating.id]
                for field in ("subject", "body_html")
            }
            company = self.company_id
            # From the business, not from whoever runs this (the cron's user, or the rating page's public user).
            self.message_post(
                body=rendered["body_html"],
                subject=rendered["subject"],
                partner_ids=customer.ids,
                author_id=company.partner_id.id,
                email_from=company.email_formatted or None,
                subtype_xmlid="mail.mt_note",
                email_layout_xmlid="mail.mail_notification_light",
            )
            return
        body = self.env.ref(sms_template_xmlid)._render_field("body", rating.ids, compute_lang=True)[rating.id]
        if channel == "sms":
            self._message_sms(body, partner_ids=customer.ids, put_in_queue=True)
            return
        message = self.env["crm.suite.whatsapp.message"]._prepare(customer, body, record=self, company=self.company_id)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=whatsapp_summary,
            note=message.sudo()._activity_note(),
            user_id=self._crm_suite_feedback_responsible().id,
        )

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        # Only the customer rates, through Odoo's rating page (which runs as superuser for the token's
        # holder): an employee's call, by RPC, would put words in the customer's mouth.
        if not self.env.su:
            raise AccessError(self.env._("Only the customer rates, through the link they were sent."))
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        self._crm_suite_act_on_rating(rating)
        return rating

    def _crm_suite_act_on_rating(self, rating):
        """A low rating opens a complaint with the customer's words, and what they say later goes on
        it; a top rating asks for a review, unless a complaint of theirs is open. Once each."""
        self.ensure_one()
        company = self.company_id
        complaint = self.crm_suite_feedback_complaint_id
        if complaint:
            complaint.message_post(
                body=self.env._(
                    "The customer rated %(record)s again: %(rating)s/5.",
                    record=self.display_name,
                    rating=int(rating.rating),
                )
                + (plaintext2html(rating.feedback) if rating.feedback else ""),
                author_id=rating.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        elif 0 < rating.rating <= company.crm_suite_feedback_low_rating:
            # sudo: the link is the engine's (engine_owned); the customer's rating opened the complaint.
            self.sudo().crm_suite_feedback_complaint_id = self._crm_suite_open_feedback_complaint(rating)
        elif (
            rating.rating >= RATING_HAPPY_VALUE and company.crm_suite_review_url and not self.crm_suite_review_requested
        ):
            channel = rating.partner_id._crm_suite_service_channel()
            # sudo: the flag is the engine's (engine_owned); set even unsent, so a changed rating asks no twice.
            self.sudo().crm_suite_review_requested = True
            if channel:
                self._crm_suite_send(
                    channel,
                    rating,
                    "crm_suite_service.mail_template_review_request",
                    "crm_suite_service.sms_template_review_request",
                    self.env._("Ask %s on WhatsApp to review us", rating.partner_id.name),
                )

    def _crm_suite_feedback_complaint_values(self, rating):
        """The complaint a low rating opens: the customer's words, linked to what they rated."""
        return {
            "name": self.env._("Low rating of %s", self.display_name),
            "partner_id": self._rating_get_partner().id,
            "company_id": self.company_id.id,
            "channel": "feedback",
            "description": plaintext2html(rating.feedback) if rating.feedback else False,
        }

    def _crm_suite_open_feedback_complaint(self, rating):
        # sudo: the customer who rated (through Odoo's rating page, as the public user) opens it; the
        # company's complaint team takes it by its own rules (the company's default team).
        return (
            self.env["crm.suite.complaint"]
            .with_company(self.company_id)
            .sudo()
            .create(self._crm_suite_feedback_complaint_values(rating))
        )
