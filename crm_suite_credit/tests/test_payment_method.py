from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import TODAY, CreditCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPaymentMethod(CreditCase):
    def test_the_register_payment_wizard_carries_the_method_to_the_payment(self):
        invoice = self._invoice(self.customer, 0, 1000.0)
        wizard = Form(
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        wizard.journal_id = self.cash_journal
        self.assertEqual(wizard.crm_suite_payment_method, "cash", "a cash journal takes cash")
        wizard.journal_id = self.bank_journal
        self.assertEqual(wizard.crm_suite_payment_method, "bank_transfer")
        wizard.crm_suite_payment_method = "upi"
        payment = wizard.save()._create_payments()
        self.assertEqual(payment.crm_suite_payment_method, "upi")

    def test_the_usual_method_is_the_most_frequent_of_the_last_ten_payments(self):
        # Eleven payments: the oldest four by cheque, then three by cash and four by UPI. Over the last
        # ten, UPI (4) beats cash (3) and cheque (3), whatever all eleven say.
        methods = ["cheque"] * 4 + ["cash"] * 3 + ["upi"] * 4
        for days_ago, method in zip(range(len(methods), 0, -1), methods, strict=True):
            invoice = self._invoice(self.customer, days_ago + 1, 100.0)
            self._pay(invoice, method=method, day=TODAY - timedelta(days=days_ago))
        self.assertEqual(self.customer.with_user(self.accountant).crm_suite_usual_payment_method, "upi")

    def test_a_tie_goes_to_the_method_used_last(self):
        for days_ago, method in ((3, "card"), (2, "cash"), (1, "card"), (0, "cash")):
            self._pay(self._invoice(self.customer, 5, 100.0), method=method, day=TODAY - timedelta(days=days_ago))
        self.assertEqual(self.customer.crm_suite_usual_payment_method, "cash")

    def test_the_usual_method_of_many_customers_is_one_query(self):
        customers = self.customer | self.customer.copy({"name": "Second Udhaar"})
        for customer, method in zip(customers, ("cheque", "card"), strict=True):
            self._pay(self._invoice(customer, 5, 100.0), method=method)
        self.env.invalidate_all()
        customers.mapped("commercial_partner_id")
        with self.assertQueryCount(1):
            self.assertEqual(customers.mapped("crm_suite_usual_payment_method"), ["cheque", "card"])
