from odoo.tests import HttpCase, tagged

from .common import create_crm_suite_user


@tagged("post_install", "-at_install")
class TestCrmSuiteUi(HttpCase):
    def test_suite_user_finds_a_customer_from_the_app(self):
        create_crm_suite_user(self.env, "tour_suite_user")
        self.env["res.partner"].create({"name": "Tour Customer Kapoor", "customer_rank": 1})
        self.start_tour("/odoo", "crm_suite_open_customer", login="tour_suite_user")
