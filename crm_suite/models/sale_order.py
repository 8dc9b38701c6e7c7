from odoo import fields, models
from odoo.tools import format_amount


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        for order in self:
            order.partner_id._mark_as_customer(fields.Date.context_today(order))
            order.partner_id._log_on_timeline(
                self.env._(
                    "Sales order %(name)s confirmed: %(amount)s",
                    name=order.name,
                    amount=format_amount(self.env, order.amount_total, order.currency_id),
                ),
            )
        return result
