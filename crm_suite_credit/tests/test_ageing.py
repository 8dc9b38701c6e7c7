from freezegun import freeze_time

from odoo.tests import tagged

from .common import TODAY, CreditCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestAgeing(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(TODAY):
            # Due in 5 days and today: not due. 1 and 30 days late: 0-30. 31 and 60: 31-60. 61 and 90:
            # 61-90. 91 and 200: 90+.
            for days_overdue, amount in (
                (-5, 100.0),
                (0, 200.0),
                (1, 400.0),
                (30, 800.0),
                (31, 1600.0),
                (60, 3200.0),
                (61, 6400.0),
                (90, 12800.0),
                (91, 25600.0),
                (200, 51200.0),
            ):
                cls._invoice(cls.customer, days_overdue, amount)
            # 150 of the 800 paid: 650 left in 0-30.
            late = cls.env["account.move"].search([("partner_id", "=", cls.customer.id), ("amount_total", "=", 800.0)])
            cls._pay(late, amount=150.0, method="upi")

    def test_each_bucket_holds_the_residuals_of_its_days_past_due(self):
        rows = self.env["crm.suite.credit.ageing"]._read_group(
            [("partner_id", "=", self.customer.id)],
            ["bucket"],
            ["amount_residual:sum"],
        )
        self.assertEqual(
            dict(rows),
            {
                "not_due": 100.0 + 200.0,
                "0_30": 400.0 + 650.0,
                "31_60": 1600.0 + 3200.0,
                "61_90": 6400.0 + 12800.0,
                "90_plus": 25600.0 + 51200.0,
            },
        )

    def test_the_customer_shows_their_buckets_overdue_and_credit_used(self):
        customer = self.customer.with_user(self.accountant)
        self.assertEqual(
            (
                customer.crm_suite_ageing_not_due,
                customer.crm_suite_ageing_0_30,
                customer.crm_suite_ageing_31_60,
                customer.crm_suite_ageing_61_90,
                customer.crm_suite_ageing_90_plus,
            ),
            (300.0, 1050.0, 4800.0, 19200.0, 76800.0),
        )
        self.assertEqual(customer.crm_suite_overdue_amount, 1050.0 + 4800.0 + 19200.0 + 76800.0)
        self.assertEqual(customer.crm_suite_credit_used, 300.0 + 1050.0 + 4800.0 + 19200.0 + 76800.0)
        self.assertEqual(customer.crm_suite_credit_used, self.customer.sudo().credit, "Odoo's own receivable")

    def test_a_contact_of_the_customer_shows_the_customers_figures(self):
        contact = self.env["res.partner"].create({"name": "Udhaar Clerk", "parent_id": self.customer.id})
        self.assertEqual(contact.crm_suite_ageing_90_plus, 76800.0)

    def test_credit_available_is_the_limit_less_the_credit_used(self):
        self.customer.credit_limit = 150000.0
        self.assertTrue(self.customer.crm_suite_has_credit_limit)
        self.assertEqual(self.customer.crm_suite_credit_available, 150000.0 - 102150.0)
        self.company.account_use_credit_limit = False
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.crm_suite_has_credit_limit, "the company's setting turns the limits off")

    def test_ageing_of_many_customers_costs_what_one_costs(self):
        others = self.env["res.partner"].create([{"name": f"Ageing {n}"} for n in range(5)])
        for other in others:
            self._invoice(other, 10, 100.0)

        def queries_to_read(customers):
            self.env.invalidate_all()
            customers = customers.with_user(self.accountant)
            customers.mapped("name")
            before = self.env.cr.sql_log_count
            customers.mapped("crm_suite_ageing_0_30")
            return self.env.cr.sql_log_count - before

        queries_to_read(self.customer)  # the access rules' caches filled
        self.assertEqual(queries_to_read(self.customer | others), queries_to_read(self.customer))
