from odoo.fields import Domain
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_suite.tests.common import new_company_user, start_tour_and_keep_screenshot

from ..models.res_partner_customer_360 import OPEN_JOB_CARD_DOMAIN


@tagged("post_install", "-at_install")
class TestCustomer360Journey(HttpCase):
    """A service adviser who also sells opens a demo customer's Customer 360 from the contact."""

    def test_adviser_opens_a_demo_customers_360_and_one_of_its_job_cards(self):
        customer = self.env.ref("crm_suite.partner_priya_nair")
        job = self.env["repair.order"].search(Domain("partner_id", "=", customer.id) & OPEN_JOB_CARD_DOMAIN, limit=1)
        self.assertTrue(job, "the demo customer has an open job card")
        new_company_user(
            self.env,
            job.company_id,
            "tour_360_adviser",
            "crm_suite_service.group_service_adviser,sales_team.group_sale_salesman_all_leads,"
            "account.group_account_invoice",
            name="Tour 360 Adviser",
        )
        start_tour_and_keep_screenshot(
            self,
            f"/odoo/crm-customers/{customer.id}",
            "crm_suite_service_customer_360",
            "customer_360",
            login="tour_360_adviser",
        )
