from datetime import timedelta

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
        """Customers hear once, two weeks ahead, that their loyalty points are about to expire."""
        template = self.env.ref("crm_suite_loyalty.mail_template_points_expiring")
        today = fields.Date.context_today(self)
        while True:
            self.env.cr.execute(
                """
                UPDATE loyalty_card card SET crm_suite_expiry_warned = TRUE
                  FROM loyalty_program program
                 WHERE program.id = card.program_id AND program.program_type = 'loyalty'
                   AND card.id IN (SELECT id FROM loyalty_card
                                    WHERE NOT COALESCE(crm_suite_expiry_warned, FALSE) AND partner_id IS NOT NULL
                                      AND points > 0 AND expiration_date BETWEEN %s AND %s
                                    ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
             RETURNING card.id
                """,
                [today, today + timedelta(days=POINTS_EXPIRY_NOTICE_DAYS), BATCH_SIZE],
            )
            cards = self.browse([row[0] for row in self.env.cr.fetchall()])
            if not cards:
                return
            cards.invalidate_recordset(["crm_suite_expiry_warned"])
            for_each_safely(
                cards,
                lambda card: card.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                ),
                "the points expiry notice",
            )
            if on_batch_done:
                on_batch_done(len(cards))
