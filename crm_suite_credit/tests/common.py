from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.crm_suite.tests.common import with_chart_of_accounts
from odoo.addons.mail.tests.common import MailCase

TODAY = date(2026, 12, 2)


def post_invoice(env, customer, days_overdue, amount, today=TODAY):
    """A posted invoice of ``amount`` (no tax) due ``days_overdue`` days before ``today``."""
    due = today - timedelta(days=days_overdue)
    move = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_date": min(due, today),
            "invoice_date_due": due,
            "invoice_line_ids": [
                Command.create({"name": "Goods on credit", "price_unit": amount, "quantity": 1, "tax_ids": []})
            ],
        }
    )
    move.invoice_date_due = due
    move.action_post()
    return move


class CreditCase(MailCase):
    """A company on credit limits with a salesperson, an accountant, a sales manager and a customer
    of the salesperson's who reads email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = with_chart_of_accounts(cls.env, cls.env.company)
        cls.company.account_use_credit_limit = True
        cls.salesperson = new_test_user(
            cls.env, login="credit_salesperson", groups="crm_suite.group_crm_suite_user", name="Credit Salesperson"
        )
        cls.accountant = new_test_user(
            cls.env, login="credit_accountant", groups="account.group_account_invoice", name="Credit Accountant"
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="credit_sales_manager",
            groups="crm_suite.group_crm_suite_user,sales_team.group_sale_manager",
            name="Credit Sales Manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Udhaar Traders",
                "is_company": True,
                "email": "accounts@udhaar.example.com",
                "user_id": cls.salesperson.id,
                "customer_rank": 1,
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Credit Test Fan", "list_price": 1000.0})
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.cash_journal = cls.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        ) or cls.env["account.journal"].create({"name": "Counter Cash", "type": "cash", "code": "CCSH"})

    @classmethod
    def _invoice(cls, customer, days_overdue, amount, today=TODAY):
        return post_invoice(cls.env, customer, days_overdue, amount, today)

    @classmethod
    def _pay(cls, invoices, amount=None, method=None, journal=None, day=TODAY):
        values = {"payment_date": day}
        if amount is not None:
            values["amount"] = amount
        if journal:
            values["journal_id"] = journal.id
        if method:
            values["crm_suite_payment_method"] = method
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(values)
            ._create_payments()
        )

    def _order(self, customer, amount, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": amount, "tax_ids": [], "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
