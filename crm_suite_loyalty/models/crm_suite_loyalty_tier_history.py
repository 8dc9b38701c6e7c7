from odoo import api, fields, models

from odoo.addons.crm_suite.batch import for_each_safely

TIER_CHANGE_REASONS = [
    ("upgrade", "Upgrade"),
    ("downgrade", "Downgrade"),
    ("manual", "Set by a manager"),
    ("override_ended", "Manual tier ended"),
]
NOTIFY_BATCH_SIZE = 200
NOTIFY_ATTEMPTS = 3  # a change whose notification keeps failing is tried on this many runs, then left to managers


class CrmSuiteLoyaltyTierHistory(models.Model):
    """Each change of a customer's tier; the rows still to notify drive the emails and coupons."""

    _name = "crm.suite.loyalty.tier.history"
    _description = "Loyalty Tier Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    from_tier_id = fields.Many2one("crm.suite.loyalty.tier", string="From", ondelete="set null")
    to_tier_id = fields.Many2one("crm.suite.loyalty.tier", string="To", ondelete="set null")
    reason = fields.Selection(TIER_CHANGE_REASONS, required=True)
    note = fields.Char(help="The manager's reason, for a tier set by hand.")
    notify_state = fields.Selection(
        [("pending", "To notify"), ("done", "Notified"), ("failed", "Failed")],
        default="done",
        required=True,
        index=True,
        copy=False,
    )
    notify_attempts = fields.Integer(string="Failed Attempts", readonly=True, copy=False)
    notify_attempt_datetime = fields.Datetime(string="Last Failed Attempt", readonly=True, copy=False)

    @api.model
    def _notify_pending(self, on_batch_done=None):
        """Tell each customer of their new tier and hand out what it brings, a batch at a time.

        Rows are claimed with SKIP LOCKED, so two runs at once share the work; a row that
        fails is marked so and does not hold the others back. Each later run tries it again,
        NOTIFY_ATTEMPTS times in all; then it stays failed, listed for the managers.
        """
        started = fields.Datetime.now()
        while True:
            self.flush_model(["notify_state", "notify_attempts", "notify_attempt_datetime"])
            self.env.cr.execute(
                """
                SELECT id FROM crm_suite_loyalty_tier_history
                 WHERE notify_state = 'pending'
                    OR (notify_state = 'failed' AND notify_attempts < %s AND notify_attempt_datetime < %s)
                 ORDER BY id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                [NOTIFY_ATTEMPTS, started, NOTIFY_BATCH_SIZE],
            )
            changes = self.browse([row[0] for row in self.env.cr.fetchall()])
            if not changes:
                return
            changes._deliver()
            if on_batch_done:
                on_batch_done(len(changes))

    def _deliver(self):
        due = self.filtered(lambda change: change.notify_state in ("pending", "failed"))
        failed = for_each_safely(due, lambda change: change._notify(), "notifying the tier change")
        (due - failed).notify_state = "done"
        for change in failed:
            change.write(
                {
                    "notify_state": "failed",
                    "notify_attempts": change.notify_attempts + 1,
                    "notify_attempt_datetime": fields.Datetime.now(),
                }
            )

    def _notify(self):
        """The customer's email for the change, and the free-service coupons of a tier reached."""
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        if self.reason == "upgrade" or (self.reason == "manual" and self._is_step_up()):
            self.to_tier_id._grant_free_services(partner)
            template = self.env.ref(
                "crm_suite_loyalty.mail_template_tier_upgrade"
                if self.from_tier_id
                else "crm_suite_loyalty.mail_template_tier_welcome"
            )
            partner.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        elif self.to_tier_id or self.from_tier_id:
            partner.message_post_with_source(
                "crm_suite_loyalty.mail_template_tier_changed", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def _is_step_up(self):
        if not self.from_tier_id:
            return bool(self.to_tier_id)
        return self.to_tier_id and self.to_tier_id._level() > self.from_tier_id._level()
