from odoo import fields, models


class LoyaltyCard(models.Model):
    _name = "loyalty.card"
    _inherit = ["loyalty.card", "crm.suite.engine.mixin"]

    crm_suite_campaign_id = fields.Many2one(
        "utm.campaign",
        string="Offer Campaign",
        readonly=True,
        copy=False,
        index="btree_not_null",
        engine_owned=True,
        help="The marketing campaign whose offer gave this coupon: an order that uses it is counted in its results.",
    )
