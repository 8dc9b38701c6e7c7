from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmSuiteMarkLost(models.TransientModel):
    """Mark existing customers lost, with the reason and the competitor, as a lost opportunity is."""

    _name = "crm.suite.mark.lost"
    _description = "Mark Customers Lost"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", required=True)
    competitor_id = fields.Many2one("crm.suite.competitor", string="Lost To")
    note = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids") or []).exists()
            values["partner_ids"] = [fields.Command.set(partners.commercial_partner_id.ids)]
        return values

    def action_mark_lost(self):
        self.ensure_one()
        customers = self.partner_ids.commercial_partner_id
        never_bought = customers.filtered(lambda partner: partner.customer_status != "existing")
        if never_bought:
            raise UserError(
                self.env._(
                    "%(names)s never bought: an opportunity of theirs is marked lost instead.",
                    names=", ".join(never_bought.mapped("display_name")),
                )
            )
        self.env["crm.suite.customer.loss"].create(
            [
                {
                    "partner_id": customer.id,
                    "lost_reason_id": self.lost_reason_id.id,
                    "competitor_id": self.competitor_id.id,
                    "note": self.note,
                }
                for customer in customers
            ]
        )
        return {"type": "ir.actions.act_window_close"}
