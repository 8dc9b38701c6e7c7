import logging

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_suite.batch import for_each_safely
from odoo.addons.crm_suite.models.res_partner import MONEY_READERS

_logger = logging.getLogger(__name__)

# Customers whose reminders one batch sends and commits together.
BATCH_SIZE = 50


class CrmSuiteCreditReminder(models.Model):
    """One reminder level reached by one invoice: claimed once (the unique pair), then sent."""

    _name = "crm.suite.credit.reminder"
    _description = "Payment Reminder"
    _order = "id desc"

    follow_up_id = fields.Many2one("crm.suite.credit.follow.up", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="follow_up_id.partner_id", string="Customer", store=True, index=True)
    company_id = fields.Many2one(related="follow_up_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="cascade", index=True)
    level_id = fields.Many2one("crm.suite.reminder.level", string="Level", required=True, ondelete="restrict")
    amount_residual = fields.Monetary(string="Amount Due", groups=MONEY_READERS)
    state = fields.Selection([("claimed", "Being Sent"), ("sent", "Sent")], required=True, default="claimed")
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("whatsapp", "WhatsApp"), ("call", "Call")], string="Sent By"
    )
    sent_datetime = fields.Datetime(string="Sent On")

    _move_level_unique = models.Constraint("UNIQUE(move_id, level_id)", "An invoice gets each reminder level once.")

    @api.model
    def _cron_send_payment_reminders(self):
        self.env["crm.suite.payment.promise"]._settle_due_promises()
        for company in self.env["res.company"].search([]):
            self.with_company(company)._send_due_reminders(company, on_batch_done=self.env["ir.cron"]._commit_progress)

    @api.model
    def _send_due_reminders(self, company, on_batch_done=None):
        """Claim, customer by customer in batches, the highest level each open invoice reached that it
        has not had (nor a higher one), and send each customer one message for their claims."""
        failed_customers = set()
        while True:
            candidates = self._due_reminder_candidates(company, failed_customers)
            if not candidates:
                return
            follow_ups = self.env["crm.suite.credit.follow.up"]._for_partners(
                self.env["res.partner"].browse({partner_id for _move, _level, partner_id in candidates}), company
            )
            claimed = self._claim(candidates, follow_ups, company)
            if not claimed:
                return  # another run holds them: it sends them
            claims_of = claimed.grouped("follow_up_id")
            failed = for_each_safely(
                claimed.follow_up_id,
                lambda follow_up, claims_of=claims_of: follow_up._send_reminder(claims_of[follow_up]),
                "the payment reminder",
            )
            # Nothing of theirs went out (its savepoint is undone): the next run tries them again.
            claimed.filtered_domain([("follow_up_id", "in", failed.ids)]).unlink()
            failed_customers.update(failed.partner_id.ids)
            if on_batch_done:
                on_batch_done(len(claimed.follow_up_id))

    @api.model
    def _due_reminder_candidates(self, company, skipped_customers=()):
        """(invoice, level, customer) of the next customers due a reminder, but paused customers and
        ``skipped_customers`` (ids)."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                WITH reached AS (
                    SELECT DISTINCT ON (move.id) move.id AS move_id, level.id AS level_id,
                           level.days_overdue, move.commercial_partner_id AS partner_id
                      FROM account_move move
                      JOIN crm_suite_reminder_level level
                        ON level.company_id = move.company_id AND level.active
                       AND move.invoice_date_due <= %(today)s::date - level.days_overdue
                     WHERE move.company_id = %(company)s
                       AND move.move_type = 'out_invoice' AND move.state = 'posted'
                       AND move.payment_state IN ('not_paid', 'partial') AND move.amount_residual > 0
                     ORDER BY move.id, level.days_overdue DESC
                ), due AS (
                    SELECT reached.*
                      FROM reached
                     WHERE NOT EXISTS (
                            SELECT 1 FROM crm_suite_credit_reminder sent
                              JOIN crm_suite_reminder_level sent_level ON sent_level.id = sent.level_id
                             WHERE sent.move_id = reached.move_id AND sent_level.days_overdue >= reached.days_overdue)
                       AND NOT EXISTS (
                            SELECT 1 FROM crm_suite_credit_follow_up paused
                             WHERE paused.partner_id = reached.partner_id AND paused.company_id = %(company)s
                               AND paused.paused_until >= %(today)s)
                       AND reached.partner_id != ALL(%(skipped)s)
                )
                SELECT move_id, level_id, partner_id FROM due
                 WHERE partner_id IN (SELECT DISTINCT partner_id FROM due ORDER BY partner_id LIMIT %(batch)s)
                """,
                today=today,
                company=company.id,
                batch=BATCH_SIZE,
                skipped=list(skipped_customers),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _claim(self, candidates, follow_ups, company):
        """Insert the claims; a pair another run claimed first is left to it."""
        follow_up_of = {follow_up.partner_id.id: follow_up.id for follow_up in follow_ups}
        residual_of = dict(
            self.env["account.move"]
            .browse([move_id for move_id, _level, _partner in candidates])
            .mapped(lambda move: (move.id, move.amount_residual))
        )
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        """
                        INSERT INTO crm_suite_credit_reminder
                               (follow_up_id, partner_id, company_id, move_id, level_id, amount_residual, state,
                                create_uid, create_date, write_uid, write_date)
                        SELECT claim.follow_up_id, claim.partner_id, claim.company_id, claim.move_id, claim.level_id,
                               claim.residual, 'claimed', %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s,
                               NOW() AT TIME ZONE 'UTC'
                          FROM (VALUES %(rows)s) AS claim(follow_up_id, partner_id, company_id, move_id, level_id,
                                                          residual)
                        ON CONFLICT (move_id, level_id) DO NOTHING
                        RETURNING id
                        """,
                        uid=self.env.uid,
                        rows=SQL(", ").join(
                            SQL(
                                "(%s, %s, %s, %s, %s, %s::numeric)",
                                follow_up_of[partner_id],
                                partner_id,
                                company.id,
                                move_id,
                                level_id,
                                residual_of[move_id],
                            )
                            for move_id, level_id, partner_id in candidates
                        ),
                    ),
                    log_exceptions=False,
                )
                claimed_ids = [row[0] for row in self.env.cr.fetchall()]
        except SerializationFailure:
            _logger.info("CRM Suite: payment reminders claimed by another run meanwhile; left to it")
            return self.browse()
        return self.browse(claimed_ids)
