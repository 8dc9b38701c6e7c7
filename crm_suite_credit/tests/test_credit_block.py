from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_suite.tests.common import with_chart_of_accounts

from .common import TODAY, CreditCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditBlock(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(TODAY):
            cls._invoice(cls.customer, -10, 8000.0)  # not due yet: 8,000 of credit used
        cls.customer.credit_limit = 10000.0

    def test_the_order_shows_the_credit_used_and_available(self):
        order = self._order(self.customer, 1000.0)
        self.assertEqual((order.crm_suite_credit_used, order.crm_suite_credit_available), (8000.0, 2000.0))

    def test_an_order_within_the_limit_is_confirmed_by_the_salesperson(self):
        order = self._order(self.customer, 2000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_an_order_over_the_limit_needs_a_sales_manager(self):
        order = self._order(self.customer, 2500.0)
        with self.assertRaisesRegex(UserError, "over their credit limit of"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_an_rpc_write_of_the_state_cannot_bypass_the_block(self):
        order = self._order(self.customer, 2500.0)
        with self.assertRaises(UserError):
            order.write({"state": "sale"})
        with self.assertRaises(UserError):
            self.env["sale.order"].with_user(self.salesperson).create(
                {
                    "partner_id": self.customer.id,
                    "state": "sale",
                    "order_line": [Command.create(values) for values in order.order_line.copy_data()],
                }
            )

    def test_neither_a_cancelled_order_nor_another_customer_in_the_same_write_bypasses_the_block(self):
        order = self._order(self.customer, 2500.0)
        order.with_user(self.salesperson).action_cancel()
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).write({"state": "sale"})
        good = self.customer.copy({"name": "Good Payer", "credit_limit": 0.0})
        fine = self._order(good, 2500.0)
        with self.assertRaises(UserError):
            fine.with_user(self.salesperson).write({"state": "sale", "partner_id": self.customer.id})

    def test_a_confirmed_order_that_grows_past_the_limit_needs_a_sales_manager(self):
        order = self._order(self.customer, 1000.0)
        order.with_user(self.salesperson).action_confirm()
        with self.assertRaisesRegex(UserError, "needs a sales manager"):
            order.order_line.with_user(self.salesperson).write({"product_uom_qty": 5})
        order.order_line.with_user(self.sales_manager).write({"product_uom_qty": 5})
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_a_part_payment_online_does_not_confirm_a_held_order(self):
        held, fine = self._order(self.customer, 2500.0), self._order(self.customer, 500.0)
        # The prepayment asked (10%, say) is paid: Odoo's payment would confirm the order now.
        with patch.object(type(held), "_get_prepayment_required_amount", return_value=0.0):
            self.assertTrue(fine._is_confirmation_amount_reached())
            self.assertFalse(held._is_confirmation_amount_reached(), "held for a sales manager")

    def test_the_sales_managers_override_is_logged_on_the_order(self):
        order = self._order(self.customer, 2500.0).with_user(self.sales_manager)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        note = order.message_ids.filtered(lambda message: "despite the credit block" in message.body)
        self.assertEqual(len(note), 1)
        self.assertIn("Credit Sales Manager", note.body)
        self.assertIn("over their credit limit", note.body)

    def test_an_invoice_past_the_last_level_blocks_orders_even_within_the_limit(self):
        self.customer.credit_limit = 0.0
        past = self._invoice(self.customer, 30, 100.0)
        order = self._order(self.customer, 100.0)
        with self.assertRaisesRegex(UserError, "more than 30 days overdue"):
            order.action_confirm()
        self._pay(past)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_29_days_overdue_does_not_block(self):
        self.customer.credit_limit = 0.0
        self._invoice(self.customer, 29, 100.0)
        order = self._order(self.customer, 100.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_an_order_paid_in_full_online_is_not_held(self):
        order = self._order(self.customer, 2500.0)

        def paid_in_full(orders):
            for paid in orders:
                paid.amount_paid = paid.amount_total

        with patch.object(type(self.env["sale.order"]), "_compute_amount_paid", paid_in_full):
            order.invalidate_recordset(["amount_paid"])
            self.assertFalse(order._crm_suite_credit_block_reasons(), "it gives no credit")
            order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_without_the_companys_credit_limits_nothing_blocks_for_the_limit(self):
        self.company.account_use_credit_limit = False
        order = self._order(self.customer, 50000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")


PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestCreditBlockPortal(HttpCase):
    """The customer's side of a quotation held by the credit rules."""

    def setUp(self):
        super().setUp()
        with_chart_of_accounts(self.env, self.env.company).account_use_credit_limit = True
        self.customer = self.env["res.partner"].create({"name": "Portal Udhaar Customer"})
        self.customer.credit_limit = 1000.0
        product = self.env["product.product"].create({"name": "Portal Fan", "list_price": 4000})
        self.order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "require_signature": True,
                "require_payment": True,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        self.order.action_quotation_sent()
        self.token = self.order._portal_ensure_token()
        self.authenticate(None, None)  # a visitor with the quotation's link

    def test_signing_waits_for_a_sales_manager_without_telling_the_limit(self):
        self.assertFalse(self.order._has_to_be_paid(), "no online payment of a held quotation")
        result = self.make_jsonrpc_request(
            f"/my/orders/{self.order.id}/accept",
            {"access_token": self.token, "name": "Portal Customer", "signature": PIXEL},
        )
        self.assertIn("awaits the seller's confirmation", result["error"])
        self.assertNotIn("1,000", result["error"])
        self.assertEqual(self.order.state, "sent")
