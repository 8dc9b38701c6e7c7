from odoo import fields, models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    crm_suite_tier_multiplier = fields.Boolean(
        string="Tier Points Multiplier",
        default=True,
        help="Members earn their loyalty tier's multiple of this program's points.",
    )
