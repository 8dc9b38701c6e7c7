from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from odoo.addons.crm_suite.models.res_partner import MONEY_READERS, SERVICE_PRIORITIES, company_figure


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Tier state: per company, written only by crm.suite.loyalty.evaluation; the portal reads it as superuser.
    loyalty_tier_id = company_figure(fields.Many2one, "crm.suite.loyalty.tier", string="Loyalty Tier")
    loyalty_tier_since = company_figure(fields.Date, string="Tier Since")
    loyalty_tier_below_since = company_figure(
        fields.Date,
        string="Below Tier Since",
        help="Since when the customer has been below what keeps the tier: the grace period runs from here.",
    )
    loyalty_tier_downgrade_date = fields.Date(
        string="Tier Drops On",
        compute="_compute_loyalty_progress",
        groups=MONEY_READERS,
        help="End of the grace period, if still below.",
    )
    loyalty_period_amount = company_figure(
        fields.Float,
        groups=MONEY_READERS,
        string="Tier Spend (period)",
        digits="Account",
        help="What the customer was invoiced in the analytics period, as of the last tier evaluation (after each"
        " posted invoice and nightly); Revenue (period) on Customer analytics counts the same, as of its last"
        " recompute.",
    )
    loyalty_period_purchases = company_figure(fields.Integer, string="Tier Purchases (period)")
    next_tier_id = company_figure(fields.Many2one, "crm.suite.loyalty.tier", string="Next Tier")
    next_tier_amount_missing = company_figure(
        fields.Float, groups=MONEY_READERS, string="Spend to Next Tier", digits="Account"
    )
    next_tier_purchases_missing = company_figure(fields.Integer, string="Purchases to Next Tier")
    next_tier_progress = fields.Float(
        compute="_compute_loyalty_progress", string="Progress to Next Tier (%)", groups=MONEY_READERS
    )
    loyalty_tier_warned_date = company_figure(fields.Date, help="When the customer was last warned of a downgrade.")
    retention_offer_date = company_figure(fields.Date, help="When the customer last got a retention offer.")
    winback_offer_date = company_figure(fields.Date, help="When the customer last got a win-back offer.")
    anniversary_gift_date = company_figure(
        fields.Date, help="When the customer last got a first-purchase anniversary gift."
    )
    free_services_renewed_date = company_figure(
        fields.Date, help="When the tier's free services were last renewed, on an anniversary of the tier."
    )
    retention_coupon_id = company_figure(fields.Many2one, "loyalty.card", string="Last Offer Coupon")
    loyalty_tier_override_id = fields.Many2one(
        "crm.suite.loyalty.tier",
        string="Tier Set by Hand",
        company_dependent=True,
        copy=False,
        groups="crm_suite.group_crm_suite_manager",
        domain="[('company_id', '=', current_company_id)]",
    )
    loyalty_tier_override_reason = fields.Char(
        string="Reason for the Tier", company_dependent=True, copy=False, groups="crm_suite.group_crm_suite_manager"
    )
    loyalty_tier_override_until = fields.Date(
        string="Tier Set Until", company_dependent=True, copy=False, groups="crm_suite.group_crm_suite_manager"
    )
    loyalty_tier_history_ids = fields.One2many("crm.suite.loyalty.tier.history", "partner_id", string="Tier Changes")
    # Loyalty cards and coupons are the sales team's (Odoo's access to them): theirs on the Customer 360.
    crm_suite_loyalty_card_ids = fields.Many2many(
        "loyalty.card",
        compute="_compute_crm_suite_loyalty_cards",
        string="Points and Coupons",
        groups="sales_team.group_sale_salesman",
        help="The customer's cards and coupons with points left, of active programs, not expired.",
    )

    @api.depends_context("company")
    @api.depends("loyalty_tier_id", "loyalty_tier_below_since", "loyalty_period_amount", "next_tier_id")
    def _compute_loyalty_progress(self):
        for partner in self:
            partner.loyalty_tier_downgrade_date = self.env.company._crm_suite_tier_grace_end(
                partner.loyalty_tier_below_since
            )
            target = partner.next_tier_id.min_amount
            # Whole percents, so that the backend's bar and the portal's show the same figure.
            partner.next_tier_progress = (
                round(min(100.0, 100.0 * partner.loyalty_period_amount / target)) if target else 0.0
            )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_suite_loyalty_cards(self):
        # The cards Odoo counts on the contact's Loyalty Cards button.
        today = fields.Date.context_today(self)
        usable = (
            Domain("points", ">", 0)
            & Domain("program_id.active", "=", True)
            & (Domain("expiration_date", "=", False) | Domain("expiration_date", ">=", today))
        )
        cards = self._crm_suite_customer_records("loyalty.card", usable, order="expiration_date, id")
        for partner in self:
            partner.crm_suite_loyalty_card_ids = cards[partner.id]

    @api.constrains("loyalty_tier_override_id", "loyalty_tier_override_reason")
    def _check_loyalty_tier_override(self):
        for partner in self:
            if partner.loyalty_tier_override_id and not partner.loyalty_tier_override_reason:
                raise ValidationError(self.env._("Give a reason for setting the tier of %s by hand.", partner.name))

    def write(self, vals):
        ending = "loyalty_tier_override_id" in vals and not vals["loyalty_tier_override_id"]
        if ending:
            # Ending a manual tier is its end date passing: the evaluation puts back the earned tier.
            vals = dict(vals, loyalty_tier_override_until=fields.Date.context_today(self) - timedelta(days=1))
            del vals["loyalty_tier_override_id"]
            vals.pop("loyalty_tier_override_reason", None)
        result = super().write(vals)
        if {"loyalty_tier_override_id", "loyalty_tier_override_until"} & vals.keys():
            held = self.filtered(lambda partner: partner.sudo().loyalty_tier_override_id)
            if held:
                # sudo: the tier and its history are the engine's to write; only managers reach here
                # (the override fields are theirs alone).
                evaluation = self.env["crm.suite.loyalty.evaluation"].sudo()
                evaluation._evaluate(self.env.company, held.ids)._deliver()
        return result

    def _crm_suite_service_priority(self):
        """The higher of the class's priority and the one the customer's tier gives."""
        self.ensure_one()
        tier_priority = self.commercial_partner_id.loyalty_tier_id.service_priority or SERVICE_PRIORITIES[0][0]
        return max(super()._crm_suite_service_priority(), tier_priority)
