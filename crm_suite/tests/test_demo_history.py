from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestDemoHistory(TransactionCase):
    """The demo history goes through real orders, invoices and payments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Meera Kulkarni"})
        cls.products = cls.env["product.product"].create(
            [
                {"name": "Helmet", "type": "consu", "invoice_policy": "order", "list_price": 1000.0},
                {"name": "Engine oil", "type": "consu", "invoice_policy": "order", "list_price": 400.0},
            ]
        )

    def _build(self, payment, orders=3, first_days_ago=200, last_days_ago=10):
        self.env["crm.suite.demo"]._create_sales_history(
            [
                {
                    "partner": self.customer.id,
                    "orders": orders,
                    "first_days_ago": first_days_ago,
                    "last_days_ago": last_days_ago,
                    "products": self.products.ids,
                    "payment": payment,
                }
            ],
            company=self.env.company,
        )
        orders = self.env["sale.order"].search([("partner_id", "=", self.customer.id)], order="date_order")
        return orders, orders.invoice_ids.sorted("invoice_date")

    def test_orders_are_confirmed_on_dates_spread_over_the_period(self):
        orders, _invoices = self._build("on_time")
        self.assertEqual(orders.mapped("state"), ["sale"] * 3)
        self.assertEqual(
            [order.date_order.date() for order in orders],
            [date(2025, 12, 12), date(2026, 3, 17), date(2026, 6, 20)],
        )
        self.assertEqual(orders.order_line.product_id, self.products)

    def test_each_order_is_invoiced_on_its_day_and_posted(self):
        orders, invoices = self._build("on_time")
        self.assertEqual(len(invoices), 3)
        self.assertEqual(invoices.mapped("state"), ["posted"] * 3)
        self.assertEqual(invoices.mapped("invoice_date"), [o.date_order.date() for o in orders])

    def test_on_time_payer_has_paid_everything(self):
        _orders, invoices = self._build("on_time")
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        self.assertFalse(sum(invoices.mapped("amount_residual")))

    def test_payment_dated_after_today_is_not_made(self):
        # The last invoice, 10 days old, is due in 30 days and its late payment lies ahead.
        _orders, invoices = self._build("late")
        self.assertEqual(invoices[:-1].mapped("payment_state"), ["paid", "paid"])
        self.assertEqual(invoices[-1].payment_state, "not_paid")

    def test_unpaid_last_leaves_only_the_last_invoice_open(self):
        _orders, invoices = self._build("unpaid_last", last_days_ago=100)
        self.assertEqual(invoices.mapped("payment_state"), ["paid", "paid", "not_paid"])

    def test_partial_payer_pays_in_two_instalments(self):
        _orders, invoices = self._build("partial", orders=1, first_days_ago=200, last_days_ago=200)
        payments = self.env["account.payment"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(payments), 2)
        self.assertEqual(invoices.payment_state, "paid")
        self.assertAlmostEqual(sum(payments.mapped("amount")), invoices.amount_total)


@tagged("post_install", "-at_install")
class TestDemoBusiness(TransactionCase):
    def test_demo_business_shows_every_class_and_segment(self):
        company = self.env["crm.suite.demo"]._demo_company()
        if not self.env.ref("crm_suite.partner_rajesh_sharma", raise_if_not_found=False):
            self.skipTest("the database has no demo data")
        customers = self.env["res.partner"].with_company(company).search([("purchase_count", ">", 0)])
        self.assertEqual(set(customers.mapped("abc_class")) - {False}, {"A", "B", "C"})
        self.assertEqual(customers.rfm_segment, self.env["crm.suite.rfm.segment"].search([]))
        # Too few repeat buyers for the predictive models: the settings say so, the value is the rule of thumb.
        self.assertEqual(company.crm_suite_prediction_status, "too_little_history")
        self.assertFalse(company.crm_suite_prediction_fit_date)
        self.assertIn("No model is fitted", customers.filtered("purchase_count")[0].customer_value_explanation)

    def test_demo_margins_come_from_the_demo_companys_costs(self):
        rajesh = self.env.ref("crm_suite.partner_rajesh_sharma", raise_if_not_found=False)
        if not rajesh:
            self.skipTest("the database has no demo data")
        rajesh = rajesh.with_company(self.env["crm.suite.demo"]._demo_company())
        self.assertGreater(rajesh.period_margin, 0)
        self.assertLess(rajesh.period_margin, rajesh.period_revenue)

    def test_demo_invoices_name_each_products_gst_code(self):
        if not self.env.ref("crm_suite.partner_rajesh_sharma", raise_if_not_found=False):
            self.skipTest("the database has no demo data")
        if "l10n_in_hsn_code" not in self.env["product.product"]._fields:
            self.skipTest("not an Indian database: no GST code is asked for")
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.env["crm.suite.demo"]._demo_company().id),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
                ("product_id", "!=", False),
            ]
        )
        self.assertTrue(lines)
        self.assertFalse(lines.product_id.filtered(lambda product: not product.l10n_in_hsn_code))
