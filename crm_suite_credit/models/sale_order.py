from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from odoo.addons.crm_suite.models.res_partner import MONEY_READERS

# The partner's credit figures, Odoo's and ours, computed without dependencies.
CREDIT_FIGURES = ["credit", "debit", "credit_to_invoice", "crm_suite_credit_used", "crm_suite_credit_available"]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    crm_suite_credit_used = fields.Monetary(
        string="Credit Used",
        compute="_compute_crm_suite_credit",
        groups=MONEY_READERS,
        currency_field="crm_suite_company_currency_id",
    )
    crm_suite_credit_available = fields.Monetary(
        string="Credit Available",
        compute="_compute_crm_suite_credit",
        groups=MONEY_READERS,
        currency_field="crm_suite_company_currency_id",
    )
    crm_suite_has_credit_limit = fields.Boolean(compute="_compute_crm_suite_credit", groups=MONEY_READERS)
    crm_suite_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")

    @api.depends("partner_id", "company_id")
    def _compute_crm_suite_credit(self):
        for order in self:
            customer = order.partner_id.commercial_partner_id.with_company(order.company_id)
            order.crm_suite_credit_used = customer.crm_suite_credit_used
            order.crm_suite_credit_available = customer.crm_suite_credit_available
            order.crm_suite_has_credit_limit = customer.crm_suite_has_credit_limit

    def _crm_suite_credit_block_reasons(self):
        """Why confirming this order needs a sales manager: the customer would go over Odoo's credit
        limit with it, or has an unpaid invoice past the company's last reminder level."""
        self.ensure_one()
        # Odoo's credit figures are computed without dependencies: read them afresh, and leave no
        # cached figure behind for the rest of the confirmation (the order about to count in them).
        self.env["res.partner"].invalidate_model(CREDIT_FIGURES)
        try:
            return self._crm_suite_credit_block_reasons_now()
        finally:
            self.env["res.partner"].invalidate_model(CREDIT_FIGURES)

    def _crm_suite_credit_block_reasons_now(self):
        # sudo: the credit figures are accounting's; the rule reads them for whoever confirms.
        order = self.sudo().with_company(self.company_id)
        customer = order.partner_id.commercial_partner_id
        unpaid = order.amount_total - order.amount_paid
        if order.currency_id.compare_amounts(unpaid, 0.0) <= 0:
            return []  # paid in full (online): it gives no credit
        reasons = []
        if customer.crm_suite_has_credit_limit:
            # A confirmed order is in the credit used already (Odoo's amount to invoice).
            this_order = 0.0 if order.state == "sale" else unpaid
            total = customer.crm_suite_credit_used + order.currency_id._convert(
                this_order, order.company_id.currency_id, order.company_id, fields.Date.context_today(self)
            )
            if order.company_id.currency_id.compare_amounts(total, customer.credit_limit) > 0:
                reasons.append(
                    self.env._(
                        "%(customer)s would owe %(total)s with this order, over their credit limit of %(limit)s.",
                        customer=customer.name,
                        total=format_amount(self.env, total, order.company_id.currency_id),
                        limit=format_amount(self.env, customer.credit_limit, order.company_id.currency_id),
                    )
                )
        last_level = order.company_id.crm_suite_reminder_level_ids.filtered("is_last_level")
        if last_level:
            # sudo: whoever confirms, the customer's invoices decide (a salesperson may not read them).
            past_last = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("move_type", "=", "out_invoice"),
                        ("state", "=", "posted"),
                        ("payment_state", "in", ("not_paid", "partial")),
                        ("commercial_partner_id", "=", customer.id),
                        ("company_id", "=", order.company_id.id),
                        (
                            "invoice_date_due",
                            "<=",
                            fields.Date.subtract(fields.Date.context_today(self), days=last_level.days_overdue),
                        ),
                    ]
                )
            )
            if past_last:
                reasons.append(
                    self.env._(
                        "%(customer)s has invoices more than %(days)s days overdue: %(invoices)s.",
                        customer=customer.name,
                        days=last_level.days_overdue,
                        invoices=", ".join(past_last.mapped("name")),
                    )
                )
        return reasons

    # Nor does the customer pay online what the seller's credit rules hold: the signature waits too
    # (controllers/sale_portal.py), so no payment confirms it under the customer's own name.
    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and not self._crm_suite_credit_block_reasons()

    def _crm_suite_credit_block_message(self):
        """The refusal a user who is not a sales manager gets confirming this order, or None."""
        self.ensure_one()
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return None
        reasons = self._crm_suite_credit_block_reasons()
        if not reasons:
            return None
        return self.env._(
            "%(order)s needs a sales manager to confirm it: %(reasons)s", order=self.name, reasons=" ".join(reasons)
        )

    def _confirmation_error_message(self):
        # Every confirmation goes through here: the button, a batch from the list, an RPC call.
        return super()._confirmation_error_message() or self._crm_suite_credit_block_message()

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda order: order.state == "sale")._crm_suite_check_credit_block()
        return orders

    def write(self, vals):
        # Writing the state over RPC confirms as much as the button does: checked on the orders as
        # written (the same write may change their customer or lines), whatever state they were in.
        confirming = (
            self.filtered(lambda order: order.state != "sale") if vals.get("state") == "sale" else self.browse()
        )
        result = super().write(vals)
        confirming._crm_suite_check_credit_block()
        return result

    def _is_confirmation_amount_reached(self):
        # An online payment short of the whole order does not confirm what the credit rules hold: it
        # stays a payment on the quotation, for a sales manager to confirm.
        return super()._is_confirmation_amount_reached() and not self._crm_suite_credit_block_reasons()

    def _crm_suite_check_credit_block(self):
        for order in self:
            message = order._crm_suite_credit_block_message()
            if message:
                raise UserError(message)

    def action_confirm(self):
        # Read before confirming: a confirmed order counts in the customer's credit already.
        # Others were refused by _confirmation_error_message.
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        overridden = {order: order._crm_suite_credit_block_reasons() for order in self} if is_manager else {}
        result = super().action_confirm()
        for order, reasons in overridden.items():
            if reasons:
                order.message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        self.env._("Confirmed by %(user)s despite the credit block:", user=self.env.user.name),
                        Markup().join(Markup("<li>%s</li>") % reason for reason in reasons),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return result


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # A confirmed order that grows is more credit, as much as a new one: the same rule holds.
    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse({vals["order_id"] for vals in vals_list if vals.get("order_id")})
        totals = {order: order.amount_total for order in orders if order.state == "sale"}
        lines = super().create(vals_list)
        _check_grown_orders(totals)
        return lines

    def write(self, vals):
        totals = {order: order.amount_total for order in self.order_id if order.state == "sale"}
        result = super().write(vals)
        _check_grown_orders(totals)
        return result


def _check_grown_orders(totals_before):
    grown = [
        order
        for order, total in totals_before.items()
        if order.currency_id.compare_amounts(order.amount_total, total) > 0
    ]
    if grown:
        grown[0].browse([order.id for order in grown])._crm_suite_check_credit_block()
