from odoo import fields, models


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    crm_suite_mailing_id = fields.Many2one(
        "mailing.mailing",
        string="Offer Mailing",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        engine_owned=True,
        help="The segment offer whose message carried this personal coupon.",
    )

    # One personal coupon per recipient of an offer, however often or concurrently it is sent.
    _one_per_offer_recipient = models.Constraint(
        "UNIQUE (crm_suite_mailing_id, partner_id)",
        "This customer already has a coupon of this offer.",
    )
