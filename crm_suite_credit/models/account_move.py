from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_suite_reminder_ids = fields.One2many(
        "crm.suite.credit.reminder",
        "move_id",
        string="Payment Reminders",
        groups="sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly",
    )
    crm_suite_promise_ids = fields.One2many(
        "crm.suite.payment.promise",
        "move_id",
        string="Promises to Pay",
        groups="sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly",
    )

    def action_crm_suite_promise_to_pay(self):
        self.ensure_one()
        return self.env["crm.suite.promise.to.pay"]._action_open(self.commercial_partner_id, invoice=self)
