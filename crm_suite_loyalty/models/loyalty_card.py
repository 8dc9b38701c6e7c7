from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models

from odoo.addons.crm_suite.batch import for_each_safely

POINTS_EXPIRY_NOTICE_DAYS = 14
BATCH_SIZE = 200


class LoyaltyCard(models.Model):
    _name = "loyalty.card"
    _inherit = ["loyalty.card", "crm.suite.engine.mixin"]

    crm_suite_expiry_warned = fields.Boolean(
        string="Told of Expiry",
        copy=False,
        engine_owned=True,
        help="The customer was told these points are about to expire.",
    )

    @api.model
    def _warn_of_expiring_points(self, on_batch_done=None):
        """Customers hear once, two weeks ahead, that their loyalty points are about to expire.

        Only points cards are claimed (coupons and gift cards due on the same days are not
        the customer's points); a card whose notice failed is given back for the next run.
        """
        template = self.env.ref("crm_suite_loyalty.mail_template_points_expiring")
        today = fields.Date.context_today(self)
        failed_ids = []
        while True:
            self.flush_model(["crm_suite_expiry_warned", "points", "expiration_date", "partner_id"])
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        """
                        UPDATE loyalty_card SET crm_suite_expiry_warned = TRUE
                         WHERE id IN (SELECT card.id FROM loyalty_card card
                                        JOIN loyalty_program program ON program.id = card.program_id
                                       WHERE program.program_type = 'loyalty'
                                         AND NOT COALESCE(card.crm_suite_expiry_warned, FALSE)
                                         AND card.partner_id IS NOT NULL AND card.points > 0
                                         AND card.expiration_date BETWEEN %s AND %s
                                         AND card.id != ALL(%s::int[])
                                       ORDER BY card.id LIMIT %s FOR UPDATE OF card SKIP LOCKED)
                     RETURNING id
                        """,
                        [today, today + timedelta(days=POINTS_EXPIRY_NOTICE_DAYS), failed_ids, BATCH_SIZE],
                        log_exceptions=False,
                    )
                    claimed_ids = sorted(row[0] for row in self.env.cr.fetchall())
            except SerializationFailure:
                return  # another run committed some of these cards since this transaction began: it warns them
            cards = self.browse(claimed_ids)
            if not cards:
                return
            cards.invalidate_recordset(["crm_suite_expiry_warned"])
            failed = for_each_safely(
                cards,
                lambda card: card.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                ),
                "the points expiry notice",
            )
            # No marker for a notice that did not go out (sudo: the marker is the engine's).
            failed.sudo().crm_suite_expiry_warned = False
            failed_ids += failed.ids
            if on_batch_done:
                on_batch_done(len(cards))
