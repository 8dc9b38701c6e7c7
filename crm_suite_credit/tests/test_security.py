from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_suite.tests.common import new_company_user, with_chart_of_accounts

from .common import TODAY, CreditCase


@tagged("post_install", "-at_install")
class TestCreditSecurity(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesperson = new_test_user(
            cls.env, login="credit_other_salesperson", groups="crm_suite.group_crm_suite_user"
        )
        cls.invoice = cls._invoice(cls.customer, 40, 1000.0)
        cls.env["crm.suite.credit.reminder"]._send_due_reminders(cls.company)

    def test_a_salesperson_sees_their_own_customers_credit_only(self):
        Ageing = self.env["crm.suite.credit.ageing"]
        self.assertTrue(Ageing.with_user(self.salesperson).search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(Ageing.with_user(self.other_salesperson).search([("partner_id", "=", self.customer.id)]))
        Reminder = self.env["crm.suite.credit.reminder"]
        self.assertTrue(Reminder.with_user(self.salesperson).search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(Reminder.with_user(self.other_salesperson).search([("partner_id", "=", self.customer.id)]))
        self.assertTrue(Reminder.with_user(self.accountant).search([("partner_id", "=", self.customer.id)]))

    def test_a_technician_and_a_portal_user_read_no_credit(self):
        technician = new_test_user(self.env, login="credit_tech", groups="crm_suite_service.group_service_technician")
        portal = new_test_user(self.env, login="credit_portal", groups="base.group_portal")
        for user in (technician, portal):
            with self.subTest(user=user.login):
                self.assertFalse(self.env["crm.suite.credit.ageing"].with_user(user).has_access("read"))
                with self.assertRaises(AccessError):
                    self.customer.with_user(user).read(["crm_suite_credit_used"])

    def test_another_companys_credit_stays_in_it(self):
        other_company = with_chart_of_accounts(self.env, self.env["res.company"].create({"name": "Other Udhaar Co"}))
        accountant = new_company_user(
            self.env, other_company, "credit_other_company_accountant", "account.group_account_invoice"
        )
        self.assertFalse(
            self.env["crm.suite.credit.ageing"].with_user(accountant).search([("move_id", "=", self.invoice.id)])
        )
        self.assertFalse(self.env["crm.suite.credit.reminder"].with_user(accountant).search([]))
        self.assertEqual(self.customer.with_user(accountant).with_company(other_company).crm_suite_overdue_amount, 0)
        self.assertEqual(TODAY.year, 2026)
