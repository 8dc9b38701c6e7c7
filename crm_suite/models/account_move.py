from odoo import models
from odoo.tools import format_amount


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for move in posted.filtered(lambda move: move.move_type in ("out_invoice", "out_refund")):
            amount = format_amount(self.env, move.amount_total, move.currency_id)
            if move.move_type == "out_invoice":
                move.partner_id._mark_as_customer(move.invoice_date)
                note = self.env._("Invoice %(name)s posted: %(amount)s", name=move.name, amount=amount)
            else:
                note = self.env._("Credit note %(name)s posted: %(amount)s", name=move.name, amount=amount)
            move.partner_id._log_on_timeline(note)
        return posted
