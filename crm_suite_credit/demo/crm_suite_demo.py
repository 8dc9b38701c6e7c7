from datetime import timedelta

from odoo import Command, api, fields, models

# Days past due of the demo's open bills of the overdue customer: one not due, then one in each
# reminder level and ageing bucket.
OVERDUE_DAYS = (-10, 5, 20, 45, 75, 100)


class CrmSuiteDemo(models.AbstractModel):
    _inherit = "crm.suite.demo"

    @api.model
    def _setup_credit_demo(self, overdue_customer_id, promising_customer_id, limited_customer_id):
        """Open bills of ``overdue_customer_id`` at each reminder level and ageing bucket, their
        reminders sent; a promise to pay from ``promising_customer_id``; ``limited_customer_id`` over
        their credit limit with a quotation waiting; the three paying by UPI, cheque and cash.

        The bills are small and dated on days the customer bought already, so the customers'
        recency, frequency and segments stay those the sales history gave them."""
        company = self._demo_company()
        env = self.with_company(company).env
        if env["crm.suite.payment.promise"].search_count([("partner_id", "=", promising_customer_id)]):
            return  # the demo data loads again on each update of the module
        today = fields.Date.context_today(self)
        overdue, promising, limited = env["res.partner"].browse(
            [overdue_customer_id, promising_customer_id, limited_customer_id]
        )
        for customer, method in ((overdue, "upi"), (promising, "cheque"), (limited, "cash")):
            env["account.payment"].search(
                [("partner_id", "child_of", customer.id), ("payment_type", "=", "inbound")]
            ).crm_suite_payment_method = method

        Move = env["account.move"]
        invoices = Move.search(
            [("commercial_partner_id", "=", overdue.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted")]
        )
        purchase_days = sorted(set(invoices.mapped("invoice_date")))
        for days_overdue in OVERDUE_DAYS:
            due = today - timedelta(days=days_overdue)
            day = max((day for day in purchase_days if day <= due), default=None)
            if not day:
                continue
            bill = Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": invoices[:1].partner_id.id,
                    "invoice_date": day,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": env.ref("crm_suite.product_mixer_grinder").id,
                                "quantity": 1,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            bill.invoice_date_due = due
            bill.action_post()
        env["crm.suite.credit.reminder"]._send_due_reminders(company)

        # Patil Motors, late as ever, promises half of their oldest open bill next week.
        oldest = Move.search(
            [
                ("commercial_partner_id", "=", promising.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            order="invoice_date_due",
            limit=1,
        )
        env["crm.suite.promise.to.pay"].create(
            {
                "partner_id": promising.id,
                "company_id": company.id,
                "move_id": oldest.id,
                "promised_date": today + timedelta(days=7),
                "amount": company.currency_id.round((oldest.amount_residual or 2000.0) / 2),
                "note": "Will pay after the Pongal sales, by cheque.",
            }
        ).action_record()

        # Over the credit limit: the quotation waits for a sales manager.
        company.account_use_credit_limit = True
        limited.credit_limit = 1000.0
        env["sale.order"].create(
            {
                "partner_id": limited.id,
                "order_line": [Command.create({"product_id": env.ref("crm_suite.product_ceiling_fan").id})],
            }
        )
