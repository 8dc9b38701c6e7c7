from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

# Line fields whose change alters the discount a line gives.
DISCOUNT_FIELDS = {"discount", "price_unit", "product_id", "product_uom_id"}


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.suite.engine.mixin"]

    crm_suite_approved_discount = fields.Float(
        string="Approved Discount (%)",
        readonly=True,
        copy=False,
        tracking=True,
        engine_owned=True,
        help="The highest discount a sales manager approved above the customer's class limit.",
    )
    crm_suite_discount_needs_approval = fields.Boolean(
        string="Discount Needs Approval",
        compute="_compute_crm_suite_discount_needs_approval",
        help="The order gives, beyond its pricelist, more discount than the customer's class allows and no"
        " sales manager has approved it.",
    )

    @api.depends(
        "partner_id",
        "company_id",
        "crm_suite_approved_discount",
        "order_line.discount",
        "order_line.price_unit",
        "order_line.product_id",
        "order_line.product_uom_qty",
    )
    def _compute_crm_suite_discount_needs_approval(self):
        for order in self:
            order.crm_suite_discount_needs_approval = order._crm_suite_discount_over_limit()

    def _crm_suite_discount_given(self):
        """The highest discount (%) the order gives beyond its pricelist: the largest of its lines'
        (their discount and a unit price typed below Odoo's), and the order-wide one of its negative
        lines (Odoo's global discount, a discount product typed in), against the rest of the order.
        Loyalty rewards are their programs' to limit."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: not line.display_type and not line.is_reward_line)
        order_wide = lines.filtered(lambda line: line.price_subtotal < 0 and line._crm_suite_reference_price() <= 0)
        given = [line._crm_suite_discount_beyond_pricelist() for line in lines - order_wide]
        goods = sum((lines - order_wide).filtered(lambda line: line.price_subtotal > 0).mapped("price_subtotal"))
        if order_wide:
            given.append(100.0 * -sum(order_wide.mapped("price_subtotal")) / goods if goods else 100.0)
        return max(given, default=0.0)

    def _crm_suite_discount_over_limit(self):
        self.ensure_one()
        if not self.partner_id:
            return False
        limit = self.partner_id.with_company(self.company_id)._crm_suite_discount_limit()
        if limit is None:
            return False
        allowed = max(limit, self.crm_suite_approved_discount)
        digits = self.env["decimal.precision"].precision_get("Discount")
        return float_compare(self._crm_suite_discount_given(), allowed, precision_digits=digits) > 0

    def _confirmation_error_message(self):
        # Every confirmation goes through here: the button, the customer's signature or payment,
        # an estimate approved on a job card, a batch from the list.
        message = super()._confirmation_error_message()
        if message or not self._crm_suite_discount_over_limit():
            return message
        return self._crm_suite_discount_limit_message()

    def _crm_suite_discount_limit_message(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id.with_company(self.company_id)
        values = {
            "order": self.name,
            "discount": round(self._crm_suite_discount_given(), 2),
            "limit": round(customer._crm_suite_discount_limit(), 2),
            "customer": customer.display_name,
            "class": customer.abc_class or self.env._("not ranked yet"),
        }
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return self.env._(
                "%(order)s gives %(discount)s%% off, more than the %(limit)s%% that %(customer)s's class"
                " (%(class)s) allows: approve the discount first, with your reason (Approve Discount).",
                **values,
            )
        return self.env._(
            "%(order)s gives %(discount)s%% off, more than the %(limit)s%% a salesperson may give"
            " %(customer)s (class %(class)s). Lower the discount, or ask a sales manager to approve it.",
            **values,
        )

    def _crm_suite_check_confirmed_discounts(self):
        """A confirmed order whose lines change keeps to the limit, as its confirmation did."""
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for order in self.filtered(lambda order: order.state == "sale"):
            if order._crm_suite_discount_over_limit():
                raise UserError(order._crm_suite_discount_limit_message())

    def write(self, vals):
        if "partner_id" in vals:
            # An approval is for one customer: another customer's order needs its own.
            approved = self.filtered(
                lambda order: order.crm_suite_approved_discount and order.partner_id.id != vals["partner_id"]
            )
            # sudo: the approval is the engine's record (engine_owned); taking it back needs no right.
            approved.sudo().crm_suite_approved_discount = 0.0
        return super().write(vals)

    def action_crm_suite_approve_discount(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve Discount"),
            "res_model": "crm.suite.discount.approval",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_crm_suite_customer_360(self):
        """Open the Customer 360 page of the order's customer."""
        self.ensure_one()
        return self.partner_id.action_crm_suite_customer_360()

    # The customer's own confirmation on the portal waits for the approval too: the signature is
    # refused (controllers/sale_portal.py; rejecting stays open) and no payment is asked.
    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and not self._crm_suite_discount_over_limit()

    def _action_confirm(self):
        result = super()._action_confirm()
        for order in self:
            order._crm_suite_attribute_to_offer()
            order.partner_id._mark_as_customer(fields.Date.context_today(order))
            order.partner_id._log_on_timeline(
                self.env._(
                    "Sales order %(name)s confirmed: %(amount)s",
                    name=order.name,
                    amount=format_amount(self.env, order.amount_total, order.currency_id),
                ),
            )
        return result

    def _crm_suite_attribute_to_offer(self):
        """An order without a campaign or source of its own that uses an offer's coupon is that offer's:
        its campaign (and, through Odoo, its invoices' campaign) is the coupon's."""
        if self.campaign_id or self.source_id:
            return
        coupon = self.order_line.coupon_id.filtered("crm_suite_campaign_id")[:1]
        if coupon:
            self.write(self._crm_suite_offer_utm_values(coupon))

    def _crm_suite_offer_utm_values(self, coupon):
        return {"campaign_id": coupon.crm_suite_campaign_id.id}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._crm_suite_check_confirmed_discounts()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if DISCOUNT_FIELDS.intersection(vals):
            self.order_id._crm_suite_check_confirmed_discounts()
        return result

    def _crm_suite_reference_price(self):
        """The unit price Odoo gives the line (its pricelist, fiscal position, combo), before any discount
        shown on the line; what a typed price or discount is measured against."""
        self.ensure_one()
        if not self.product_id or self.is_downpayment or self._is_global_discount():
            return 0.0
        line = self.with_company(self.company_id)
        return line.product_id._get_tax_included_unit_price_from_price(
            line._get_display_price(),
            product_taxes=line.product_id.taxes_id._filter_taxes_by_company(line.company_id),
            fiscal_position=line.order_id.fiscal_position_id,
        )

    def _crm_suite_pricelist_discount(self):
        """The discount (%) the line's pricelist rule shows on the line, as Odoo computes it."""
        self.ensure_one()
        if not (self.product_id and self.pricelist_item_id._show_discount()):
            return 0.0
        line = self.with_company(self.company_id)
        base_price = line._get_pricelist_price_before_discount()
        if not base_price:
            return 0.0
        return max((base_price - line._get_pricelist_price()) / base_price * 100, 0.0)

    def _crm_suite_discount_beyond_pricelist(self):
        """How much less (%) the line's net unit price is than the pricelist's net price."""
        self.ensure_one()
        pricelist_net = self._crm_suite_reference_price() * (1 - self._crm_suite_pricelist_discount() / 100)
        if pricelist_net <= 0:
            return 0.0
        net = self.price_unit * (1 - self.discount / 100)
        return max((1 - net / pricelist_net) * 100, 0.0)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # A payment through a link sent before the discount grew is kept; the quotation waits for
        # the manager, who is told, instead of failing the payment's processing.
        held = self.filtered(
            lambda tx: len(tx.sale_order_ids) == 1 and tx.sale_order_ids.crm_suite_discount_needs_approval
        )
        summary = self.env._("Paid: approve the discount to confirm")
        for order in held.sale_order_ids.filtered(lambda order: summary not in order.activity_ids.mapped("summary")):
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=order._crm_suite_discount_limit_message(),
                # The order's people, never the customer whose payment brings us here.
                user_id=(order.user_id or order.team_id.user_id or order.create_uid).id,
            )
        return super(PaymentTransaction, self - held)._check_amount_and_confirm_order()
