from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.crm_suite.tests.common import web_client_specification

from .common import TODAY, CreditCase, post_invoice

CUSTOMER_360 = "crm_suite.view_partner_form_customer_360"


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestCustomer360Credit(CreditCase):
    def test_the_360_shows_the_credit_to_the_sales_team_and_accounting_only(self):
        self.customer.credit_limit = 10000
        post_invoice(self.env, self.customer, 45, 3000)
        employee = new_test_user(self.env, login="credit_360_employee", groups="base.group_user")
        for user in (self.salesperson, self.accountant):
            with self.subTest(user=user.login):
                customer = self.customer.with_user(user)
                [values] = customer.web_read(web_client_specification(customer, CUSTOMER_360))
                self.assertEqual(
                    (values["crm_suite_credit_used"], values["crm_suite_credit_available"]), (3000.0, 7000.0)
                )
                self.assertEqual((values["crm_suite_overdue_amount"], values["crm_suite_ageing_31_60"]), (3000, 3000))
        specification = web_client_specification(self.customer.with_user(employee), CUSTOMER_360)
        self.assertFalse({"crm_suite_credit_used", "crm_suite_overdue_amount"} & specification.keys())
