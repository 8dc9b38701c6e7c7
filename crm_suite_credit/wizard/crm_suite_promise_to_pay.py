from odoo import api, fields, models


class CrmSuitePromiseToPay(models.TransientModel):
    """Record what a customer promised on the phone or at the counter: the amount and the day."""

    _name = "crm.suite.promise.to.pay"
    _description = "Record a Promise to Pay"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        domain="[('commercial_partner_id', '=', partner_id), ('company_id', '=', company_id),"
        " ('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    promised_date = fields.Date(
        string="Will Pay By",
        required=True,
        default=lambda self: fields.Date.add(fields.Date.context_today(self), days=7),
    )
    amount = fields.Monetary(required=True)
    note = fields.Text()

    @api.model
    def _action_open(self, partner, invoice=None):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promise to Pay"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_partner_id": partner.id,
                "default_company_id": (invoice.company_id if invoice else self.env.company).id,
                "default_move_id": invoice.id if invoice else False,
                "default_amount": invoice.amount_residual if invoice else partner.crm_suite_overdue_amount,
            },
        }

    def action_record(self):
        self.ensure_one()
        self.partner_id.check_access("read")
        follow_up = self.env["crm.suite.credit.follow.up"]._for_partners(self.partner_id, self.company_id)
        self.env["crm.suite.payment.promise"].create(
            {
                "follow_up_id": follow_up.id,
                "move_id": self.move_id.id,
                "promised_date": self.promised_date,
                "amount": self.amount,
                "note": self.note,
            }
        )
        return {"type": "ir.actions.act_window_close"}
