from odoo.exceptions import AccessError, ValidationError
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

    def test_no_promise_on_another_companys_follow_up(self):
        other_company = self.env["res.company"].create({"name": "Foreign Udhaar Co"})
        foreign = self.env["crm.suite.credit.follow.up"]._for_partners(self.customer, other_company)
        with self.assertRaises(AccessError):
            self.env["crm.suite.payment.promise"].with_user(self.accountant).create(
                {"follow_up_id": foreign.id, "promised_date": TODAY.replace(year=2030), "amount": 10.0}
            )
        wizard = (
            self.env["crm.suite.promise.to.pay"]
            .with_user(self.accountant)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": other_company.id,
                    "promised_date": TODAY.replace(year=2030),
                    "amount": 10.0,
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_record()

    def test_a_salesperson_reads_the_levels_a_sales_manager_sets_them(self):
        level = self.company.crm_suite_reminder_level_ids[:1]
        self.assertEqual(level.with_user(self.salesperson).days_overdue, 3)
        with self.assertRaises(AccessError):
            level.with_user(self.salesperson).days_overdue = 1
        level.with_user(self.sales_manager).days_overdue = 5
        self.assertEqual(level.days_overdue, 5)

    def test_no_promise_for_a_customer_the_user_cannot_see(self):
        other_company = self.env["res.company"].create({"name": "Hidden Udhaar Co"})
        hidden = self.env["res.partner"].create({"name": "Hidden Customer", "company_id": other_company.id})
        wizard = (
            self.env["crm.suite.promise.to.pay"]
            .with_user(self.accountant)
            .create({"partner_id": hidden.id, "promised_date": TODAY.replace(year=2030), "amount": 10.0})
        )
        with self.assertRaises(AccessError):
            wizard.action_record()
        self.assertFalse(self.env["crm.suite.credit.follow.up"].search([("partner_id", "=", hidden.id)]))

    def test_a_levels_templates_are_follow_up_templates(self):
        level = self.company.crm_suite_reminder_level_ids[:1].with_user(self.sales_manager)
        with self.assertRaises(ValidationError):
            level.mail_template_id = self.env.ref("sale.email_template_edi_sale")

    def test_nobody_writes_the_engines_follow_up_fields(self):
        follow_up = self.env["crm.suite.credit.follow.up"].search([("partner_id", "=", self.customer.id)])
        for values in (
            {"paused_until": TODAY.replace(year=2030)},
            {"partner_id": self.other_salesperson.partner_id.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                follow_up.with_user(self.accountant).write(values)
        with self.assertRaises(AccessError):
            self.env["crm.suite.credit.follow.up"].with_user(self.accountant).create(
                {"partner_id": self.customer.id, "company_id": self.company.id}
            )
