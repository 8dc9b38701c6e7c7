from odoo import models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    def _crm_suite_percent_off(self):
        """The largest percentage off among the program's discount rewards (0 when none is one)."""
        self.ensure_one()
        percent_rewards = self.reward_ids.filtered(
            lambda reward: reward.reward_type == "discount" and reward.discount_mode == "percent"
        )
        return max(percent_rewards.mapped("discount"), default=0.0)

    def _crm_suite_percent_rewards_only(self):
        """Whether every reward of the program is a percentage off (not an amount, a product, points)."""
        self.ensure_one()
        return bool(self.reward_ids) and all(
            reward.reward_type == "discount" and reward.discount_mode == "percent" for reward in self.reward_ids
        )

    def _crm_suite_give_coupon(self, partners, points=1, valid_until=False, description=None, campaign=None):
        """A coupon of the program for each of ``partners``, as Odoo's coupon generator makes it: the
        card, and its line in the customer's points history. The one way the suite gives coupons; the
        callers decide who may (Odoo lets sales managers only). A ``campaign`` (utm.campaign) counts
        the orders that use them in its results."""
        self.ensure_one()
        coupons = self.env["loyalty.card"].create(
            [
                {"program_id": self.id, "partner_id": partner.id, "points": points, "expiration_date": valid_until}
                for partner in partners
            ]
        )
        if campaign:
            # sudo: the campaign is engine-owned; the caller was allowed to give the coupons just made.
            coupons.sudo().crm_suite_campaign_id = campaign
        self.env["loyalty.history"].create(
            [{"card_id": coupon.id, "issued": points, "description": description or self.name} for coupon in coupons]
        )
        return coupons
