from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_suite.models.res_partner import SERVICE_PRIORITIES


class CrmSuiteLoyaltyTier(models.Model):
    """A level of the company's loyalty ladder: lowest sequence is the entry tier.

    A customer earns a tier with the spend and purchases of the analytics period
    (crm_suite's figures: invoices net of credit notes, or confirmed orders), keeps it
    while above its maintain thresholds, and loses it one level at a time after a grace.
    """

    _name = "crm.suite.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Tiers rank by sequence, the lowest first.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    qualification = fields.Selection(
        [("either", "Spend or purchases"), ("both", "Spend and purchases")],
        required=True,
        default="either",
        help="Which thresholds must be reached; a threshold left at zero is not used.",
    )
    min_amount = fields.Monetary(string="Spend to Reach", help="Spend over the analytics period, net of refunds.")
    min_purchases = fields.Integer(string="Purchases to Reach")
    maintain_amount = fields.Monetary(
        string="Spend to Keep",
        compute="_compute_maintain_thresholds",
        store=True,
        readonly=False,
        help="A member keeps the tier while at or above this; below it, the grace period starts.",
    )
    maintain_purchases = fields.Integer(
        string="Purchases to Keep", compute="_compute_maintain_thresholds", store=True, readonly=False
    )
    discount_percent = fields.Float(
        string="Discount (%)",
        digits="Discount",
        help="Given through the tier's pricelist, so it shows on quotations and invoices.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Made from the discount; members get it unless they have a pricelist of their own.",
    )
    points_multiplier = fields.Float(
        default=1.0, digits=(16, 2), help="Members earn points this many times on the loyalty programs that allow it."
    )
    free_service_count = fields.Integer(
        string="Free Services per Year", help="Coupons given on reaching the tier and on each anniversary of it."
    )
    free_service_program_id = fields.Many2one(
        "loyalty.program",
        string="Free Service Coupons",
        domain="[('program_type', '=', 'coupons'), ('company_id', 'in', [company_id, False])]",
    )
    retention_program_id = fields.Many2one(
        "loyalty.program",
        string="Retention Offer",
        domain="[('program_type', 'in', ('coupons', 'promotion')), ('company_id', 'in', [company_id, False])]",
        help="A coupon of this program goes to members who turn at risk, once per episode.",
    )
    service_priority = fields.Selection(
        SERVICE_PRIORITIES,
        default="0",
        required=True,
        help="Complaints and job cards of members start at this priority.",
    )
    benefits = fields.Html(translate=True, help="What members get, as shown on their portal page and in emails.")
    member_count = fields.Integer(compute="_compute_member_count")

    _positive_thresholds = models.Constraint(
        "CHECK(min_amount >= 0 AND min_purchases >= 0 AND maintain_amount >= 0 AND maintain_purchases >= 0)",
        "Tier thresholds cannot be negative.",
    )
    _discount_range = models.Constraint(
        "CHECK(discount_percent >= 0 AND discount_percent <= 100)", "A tier discount is between 0 and 100%."
    )
    _positive_multiplier = models.Constraint("CHECK(points_multiplier >= 0)", "A points multiplier cannot be negative.")

    @api.depends("min_amount", "min_purchases")
    def _compute_maintain_thresholds(self):
        for tier in self:
            tier.maintain_amount = tier.min_amount
            tier.maintain_purchases = tier.min_purchases

    def _compute_member_count(self):
        # The tier is a company-dependent value: count each company's tiers in that company.
        for company, tiers in self.grouped("company_id").items():
            counts = dict(
                self.env["res.partner"]
                .with_company(company)
                ._read_group([("loyalty_tier_id", "in", tiers.ids)], ["loyalty_tier_id"], ["__count"])
            )
            for tier in tiers:
                tier.member_count = counts.get(tier, 0)

    @api.constrains("min_amount", "min_purchases", "maintain_amount", "maintain_purchases", "qualification")
    def _check_thresholds(self):
        for tier in self:
            if not (tier.min_amount or tier.min_purchases):
                raise ValidationError(
                    self.env._("Tier %(tier)s needs a spend or a number of purchases to reach.", tier=tier.name)
                )
            if tier.maintain_amount > tier.min_amount or tier.maintain_purchases > tier.min_purchases:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: what keeps the tier cannot be more than what reaches it.", tier=tier.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        tiers._sync_pricelist()
        return tiers

    def write(self, vals):
        result = super().write(vals)
        if {"discount_percent", "name", "company_id"} & set(vals):
            self._sync_pricelist()
        return result

    def _sync_pricelist(self):
        """One pricelist per discounted tier: a global percentage off the sales price."""
        discounted = self.filtered("discount_percent")
        if discounted:
            # Members' prices show as a discount on their lines, which needs Odoo's pricelist and
            # discount features: what a manager turns on in the Sales settings, so sudo is safe.
            features = self.env.ref("product.group_product_pricelist") | self.env.ref("sale.group_discount_per_so_line")
            self.env.ref("base.group_user").sudo().write(
                {"implied_ids": [Command.link(group.id) for group in features]}
            )
        for tier in discounted:
            rule = {"applied_on": "3_global", "compute_price": "percentage", "percent_price": tier.discount_percent}
            name = self.env._("%(tier)s tier", tier=tier.name)
            if tier.pricelist_id:
                tier.pricelist_id.write({"name": name, "company_id": tier.company_id.id})
                tier.pricelist_id.item_ids.filtered(lambda item: item.applied_on == "3_global").write(rule)
            else:
                tier._ensure_default_pricelist()
                tier.pricelist_id = self.env["product.pricelist"].create(
                    {
                        "name": name,
                        # After the company's own pricelists: Odoo falls back on the first one.
                        "sequence": 1000,
                        "company_id": tier.company_id.id,
                        "currency_id": tier.company_id.currency_id.id,
                        "item_ids": [fields.Command.create(rule)],
                    }
                )

    def _ensure_default_pricelist(self):
        """Customers outside the tiers need a pricelist of the company that is not a tier's."""
        Pricelist = self.env["product.pricelist"]
        tier_pricelists = self.search([("company_id", "=", self.company_id.id)]).pricelist_id
        if not Pricelist.search_count(
            [("company_id", "in", [self.company_id.id, False]), ("id", "not in", tier_pricelists.ids)]
        ):
            Pricelist.create(self.company_id._get_default_pricelist_vals())

    def _level(self):
        """Rank in the company's ladder, 1 for the entry tier (as the evaluation counts)."""
        self.ensure_one()
        ladder = self.search([("company_id", "=", self.company_id.id)])
        return ladder.ids.index(self.id) + 1 if self in ladder else 0

    def _grant_free_services(self, partner):
        """A coupon holding the tier's free services for a year (the suite's one coupon helper)."""
        self.ensure_one()
        if not (self.free_service_count and self.free_service_program_id):
            return self.env["loyalty.card"]
        return self.free_service_program_id._crm_suite_give_coupon(
            partner,
            points=self.free_service_count,
            valid_until=fields.Date.context_today(self) + relativedelta(years=1),
            description=self.env._("Free services of the %(tier)s tier", tier=self.name),
        )

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%(tier)s members", tier=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("loyalty_tier_id", "=", self.id)],
            "context": {"allowed_company_ids": self.company_id.ids},
        }
