from datetime import timedelta

from odoo import Command, api, fields, models

DEMO_REF = "Udhaar demo"


class CrmSuiteDemo(models.AbstractModel):
    _inherit = "crm.suite.demo"

    @api.model
    def _setup_credit_demo(self, overdue_customer_id, promising_customer_id, limited_customer_id):
        """Overdue invoices of ``overdue_customer_id`` at each reminder level and ageing bucket, their
        reminders sent; a promise to pay from ``promising_customer_id``; ``limited_customer_id`` over
        their credit limit with a quotation waiting; payments by UPI, cash and cheque."""
        company = self._demo_company()
        env = self.with_company(company).env
        Move = env["account.move"]
        if env["crm.suite.payment.promise"].search_count([("partner_id", "=", promising_customer_id)]):
            return  # the demo data loads again on each update of the module
        today = fields.Date.context_today(self)
        Partner = env["res.partner"]
        overdue, promising, limited = Partner.browse([overdue_customer_id, promising_customer_id, limited_customer_id])

        def invoice(customer, days_overdue, amount):
            """Due ``days_overdue`` days ago (in some days when negative), dated today at the latest."""
            due = today - timedelta(days=days_overdue)
            move = Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "ref": DEMO_REF,
                    "invoice_date": min(due, today),
                    "invoice_payment_term_id": False,
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": env.ref("crm_suite.product_ceiling_fan").id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            move.invoice_date_due = due
            move.action_post()
            return move

        def pay(move, method, days_ago, amount=None):
            env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
                {
                    "payment_date": today - timedelta(days=days_ago),
                    "amount": amount or move.amount_residual,
                    "crm_suite_payment_method": method,
                }
            )._create_payments()

        # How each pays, their past payments too: UPI, cheque and cash.
        for customer, method in ((overdue, "upi"), (promising, "cheque"), (limited, "cash")):
            env["account.payment"].search(
                [("partner_id", "child_of", customer.id), ("payment_type", "=", "inbound")]
            ).crm_suite_payment_method = method
        for days_ago, method in ((60, "upi"), (40, "upi"), (20, "cash")):
            pay(invoice(overdue, days_ago + 10, 4500.0), method, days_ago)
        pay(invoice(promising, 50, 8000.0), "cheque", 35)
        pay(invoice(limited, 30, 6000.0), "cash", 25)
        # Overdue at each level (3, 15 and 30 days) and in each bucket, and one not due yet.
        for days_overdue, amount in (
            (-10, 3200.0),
            (5, 2800.0),
            (20, 5400.0),
            (45, 7600.0),
            (75, 3900.0),
            (100, 6100.0),
        ):
            invoice(overdue, days_overdue, amount)
        env["crm.suite.credit.reminder"]._send_due_reminders(company)
        # A promise to pay for a bill 20 days overdue, half of it paid already.
        promised = invoice(promising, 20, 12000.0)
        pay(promised, "upi", 5, 6000.0)
        env["crm.suite.promise.to.pay"].create(
            {
                "partner_id": promising.id,
                "company_id": company.id,
                "move_id": promised.id,
                "promised_date": today + timedelta(days=7),
                "amount": 6000.0,
                "note": "Will pay the rest after the Pongal sales, by UPI.",
            }
        ).action_record()
        # Over the credit limit: the quotation waits for a sales manager.
        company.account_use_credit_limit = True
        limited.credit_limit = 20000.0
        invoice(limited, -20, 18500.0)
        env["sale.order"].create(
            {
                "partner_id": limited.id,
                "client_order_ref": DEMO_REF,
                "order_line": [Command.create({"product_id": env.ref("crm_suite.product_ceiling_fan").id})],
            }
        )
