from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# The coupon and promotion programs of the company (or shared) that an offer may hand out.
OFFER_PROGRAM_DOMAIN = "[('program_type', 'in', ('coupons', 'promotion')), ('company_id', 'in', [id, False])]"


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_suite_greeting_program_id = fields.Many2one(
        "loyalty.program",
        string="Greeting Gift",
        domain="[('program_type', '=', 'coupons'), ('company_id', 'in', [id, False])]",
        help="A coupon of this program goes with every birthday, anniversary and family greeting.",
    )
    crm_suite_greeting_coupon_days = fields.Integer(string="Gift Valid For (days)", default=30)
    crm_suite_tier_grace_days = fields.Integer(
        string="Tier Grace Period (days)",
        default=90,
        help="How long a member may stay below what keeps the tier before dropping one level.",
    )
    crm_suite_tier_warning_days = fields.Integer(
        string="Downgrade Warning (days before)",
        default=30,
        help="Members are told this many days before the grace period ends what keeps their tier.",
    )
    crm_suite_retention_offers = fields.Boolean(
        string="Retention Offers", help="Customers turning at risk get their tier's offer, once per episode."
    )
    crm_suite_retention_program_id = fields.Many2one(
        "loyalty.program",
        string="Default Retention Offer",
        domain=OFFER_PROGRAM_DOMAIN,
        help="For customers without a tier, or whose tier has no offer of its own.",
    )
    crm_suite_winback_offers = fields.Boolean(
        string="Win-back Offers", help="Lapsed customers get the win-back offer, once per episode."
    )
    crm_suite_winback_program_id = fields.Many2one(
        "loyalty.program",
        string="Win-back Offer",
        domain=OFFER_PROGRAM_DOMAIN,
    )
    crm_suite_anniversary_gifts = fields.Boolean(
        string="First Purchase Anniversary Gift", help="Each year on the day of their first purchase."
    )
    crm_suite_anniversary_program_id = fields.Many2one(
        "loyalty.program",
        string="Anniversary Gift",
        domain=OFFER_PROGRAM_DOMAIN,
    )
    crm_suite_retention_coupon_days = fields.Integer(string="Offer Valid For (days)", default=30)

    @api.constrains("crm_suite_greeting_coupon_days", "crm_suite_retention_coupon_days")
    def _check_crm_suite_greeting_coupon_days(self):
        for company in self:
            if company.crm_suite_greeting_coupon_days < 1 or company.crm_suite_retention_coupon_days < 1:
                raise ValidationError(self.env._("A coupon must be valid for at least one day."))

    @api.constrains("crm_suite_tier_grace_days", "crm_suite_tier_warning_days")
    def _check_crm_suite_tier_days(self):
        for company in self:
            if company.crm_suite_tier_grace_days < 0 or company.crm_suite_tier_warning_days < 0:
                raise ValidationError(self.env._("Tier grace and warning periods cannot be negative."))

    def _crm_suite_tier_grace_end(self, below_since):
        """The day a member below what keeps their tier since ``below_since`` loses it: the one rule of
        the grace period, for a date (False for none) or an SQL date expression."""
        self.ensure_one()
        if isinstance(below_since, SQL):
            return SQL("(%s + %s)", below_since, self.crm_suite_tier_grace_days)
        return below_since + timedelta(days=self.crm_suite_tier_grace_days) if below_since else False
