from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed

from .crm_suite_feedback_mixin import FEEDBACK_BATCH_SIZE, FEEDBACK_WINDOW_DAYS

# Requests older than this past the company's days are not chased any more.
CHASE_WINDOW_DAYS = 7


class RepairOrder(models.Model):
    """The customer's feedback on a delivered job card, and the adviser's reminder when none comes."""

    _name = "repair.order"
    _inherit = ["crm.suite.feedback.mixin", "repair.order"]

    crm_suite_feedback_chased = fields.Boolean(
        string="Feedback Chased",
        readonly=True,
        copy=False,
        engine_owned=True,
        help="The adviser was asked to call for the feedback that did not come.",
    )

    def _crm_suite_feedback_due_domain(self, company):
        return [("delivered_datetime", ">=", fields.Datetime.now() - timedelta(days=FEEDBACK_WINDOW_DAYS))]

    def _crm_suite_feedback_complaint_values(self, rating):
        return {**super()._crm_suite_feedback_complaint_values(rating), "repair_order_id": self.id}

    @api.model
    def _cron_request_feedback(self):
        self._crm_suite_request_due_feedback(on_batch_done=self.env["ir.cron"]._commit_progress)

    @api.model
    def _chase_missing_feedback(self, on_batch_done=None):
        """One activity per delivered job card whose customer has not rated it within the company's days."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([("crm_suite_feedback_chase_days", ">", 0)]):
            due = now - timedelta(days=company.crm_suite_feedback_chase_days)
            domain = [
                ("company_id", "=", company.id),
                # A call about last week's job, not about everything since the setting was last off.
                ("crm_suite_feedback_requested_datetime", ">=", due - timedelta(days=CHASE_WINDOW_DAYS)),
                ("crm_suite_feedback_requested_datetime", "<", due),
                ("crm_suite_feedback_channel", "in", ("email", "sms", "whatsapp")),
                ("rating_last_value", "=", 0),
                ("crm_suite_feedback_chased", "=", False),
            ]
            while jobs := self.search(domain, limit=FEEDBACK_BATCH_SIZE, order="id"):
                claimed = lock_unclaimed(jobs).filtered(lambda job: not job.crm_suite_feedback_chased)
                if not claimed:
                    break
                failed = for_each_safely(claimed, type(self)._chase_feedback, "the feedback reminder")
                # sudo: the marker is the engine's (engine_owned); a failure is in the log, not retried daily.
                failed.sudo().crm_suite_feedback_chased = True
                if on_batch_done:
                    on_batch_done(len(claimed))

    def _chase_feedback(self):
        self.ensure_one()
        customer = self._rating_get_partner()
        self.activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._("Ask %s how the service went", customer.name),
            note=self.env._(
                "%(customer)s has not rated %(job)s, delivered on %(date)s.",
                customer=customer.name,
                job=self.name,
                date=fields.Date.to_string(fields.Date.context_today(self, self.delivered_datetime)),
            ),
            user_id=self._crm_suite_feedback_responsible().id,
        )
        # sudo: the flag is the engine's (engine_owned); it makes the reminder once per job card.
        self.sudo().crm_suite_feedback_chased = True

    @api.model
    def _cron_chase_missing_feedback(self):
        self._chase_missing_feedback(on_batch_done=self.env["ir.cron"]._commit_progress)
