from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_suite.tests.common import start_tour_and_keep_screenshot, with_chart_of_accounts

from .common import post_invoice


@tagged("post_install", "-at_install")
class TestCreditUi(HttpCase):
    def test_accountant_records_a_promise_to_pay_from_the_customers_credit(self):
        with_chart_of_accounts(self.env, self.env.company)
        new_test_user(self.env, login="tour_accountant", name="Tour Accountant", groups="account.group_account_invoice")
        customer = self.env["res.partner"].create({"name": "Tour Udhaar Stores", "is_company": True})
        today = fields.Date.context_today(self.env.user)
        post_invoice(self.env, customer, 120, 4500.0, today=today)
        start_tour_and_keep_screenshot(
            self, f"/odoo/contacts/{customer.id}", "crm_suite_credit_promise", "credit_promise", login="tour_accountant"
        )
        promise = self.env["crm.suite.payment.promise"].search([("partner_id", "=", customer.id)])
        self.assertEqual(
            (promise.amount, promise.promised_date, promise.state, promise.create_uid.login),
            (2500.0, today + timedelta(days=7), "open", "tour_accountant"),
        )
        self.assertIn("Pongal", promise.note)
