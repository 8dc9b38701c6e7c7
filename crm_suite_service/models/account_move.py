from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_new_complaint(self):
        """A complaint about this invoice, its customer and products filled in."""
        self.ensure_one()
        return self.env["crm.suite.complaint"]._new_complaint_action(
            {
                "default_partner_id": self.partner_id.id,
                "default_invoice_id": self.id,
                "default_product_id": self.invoice_line_ids.product_id[:1].id,
                "default_channel": "phone",
            }
        )
