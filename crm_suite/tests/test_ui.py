from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_crm_suite_user, start_tour_and_keep_screenshot, with_chart_of_accounts


@tagged("post_install", "-at_install")
class TestCrmSuiteUi(HttpCase):
    def test_suite_user_finds_a_customer_from_the_app(self):
        create_crm_suite_user(self.env, "tour_suite_user")
        self.env["res.partner"].create({"name": "Tour Customer Kapoor", "customer_rank": 1})
        self.start_tour("/odoo", "crm_suite_open_customer", login="tour_suite_user")

    def test_salesperson_adds_a_customer_with_a_family(self):
        create_crm_suite_user(self.env, "tour_profile_user", personal_data=True)
        start_tour_and_keep_screenshot(
            self, "/odoo", "crm_suite_new_customer", "personal_profile", login="tour_profile_user"
        )
        customer = self.env["res.partner"].search([("name", "=", "Tour Customer Rao")])
        self.assertFalse(customer.is_company, "a customer added from the CRM is a person")
        self.assertEqual(customer.customer_rank, 1)
        self.assertEqual(str(customer.birthday), "1985-03-15")
        self.assertEqual(customer.preferred_channel, "whatsapp")
        family = customer.family_member_ids
        self.assertEqual((family.name, family.relation, str(family.birthday)), ("Kabir Rao", "child", "2015-06-01"))

    def test_owner_reviews_customers_occasions_and_reports(self):
        owner = create_crm_suite_user(self.env, "tour_owner", manager=True, personal_data=True)
        company = with_chart_of_accounts(self.env, owner.company_id)
        today = fields.Date.context_today(self.env.user)
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Owner Customer Iyer",
                "customer_rank": 1,
                "birthday": (today + timedelta(days=3)).replace(year=1980),
            }
        )
        for days_ago in (90, 20):
            invoice = (
                self.env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer.id,
                        "invoice_date": today - timedelta(days=days_ago),
                        "invoice_line_ids": [
                            Command.create({"name": "Ceiling fan", "price_unit": 2400, "tax_ids": [Command.clear()]})
                        ],
                    }
                )
            )
            invoice.action_post()
        # A model fitted before (CDNOW's parameters, in days), and a backtest of it.
        company.sudo().write(
            {
                "crm_suite_bgnbd_r": 0.243,
                "crm_suite_bgnbd_alpha": 30.9,
                "crm_suite_bgnbd_a": 0.793,
                "crm_suite_bgnbd_b": 2.426,
                "crm_suite_gg_p": 6.25,
                "crm_suite_gg_q": 3.74,
                "crm_suite_gg_v": 15.44,
                "crm_suite_prediction_fit_date": fields.Datetime.now(),
                "crm_suite_prediction_min_customers": 100000,
            }
        )
        self.env["crm.suite.prediction.backtest"].sudo().create(
            {
                "company_id": company.id,
                "cutoff_date": today - timedelta(days=90),
                "end_date": today,
                "customer_count": 400,
                "actual_purchases": 1234,
                "predicted_purchases": 1180.4,
                "rule_purchases": 1702.9,
                "line_ids": [
                    Command.create({"decile": decile, "customer_count": 40, "actual_purchases": 12 * decile})
                    for decile in range(1, 11)
                ],
            }
        )
        self.env["crm.suite.segmentation"]._recompute(companies=company)
        start_tour_and_keep_screenshot(self, "/odoo", "crm_suite_owner", "upcoming_occasions", login="tour_owner")

    def test_a_discount_above_the_class_limit_is_refused_then_approved_with_a_reason(self):
        company = self.env.company
        levels = self.env["crm.suite.service.level"].search([("company_id", "=", company.id)])
        levels.max_discount_percent = 5
        salesperson = new_test_user(
            self.env, login="tour_limit_salesperson", groups="base.group_user,sales_team.group_sale_salesman"
        )
        new_test_user(self.env, login="tour_limit_manager", groups="base.group_user,sales_team.group_sale_manager")
        customer = self.env["res.partner"].create({"name": "Tour Discount Customer"})
        customer.sudo().abc_class = "C"  # the nightly ranking's
        product = self.env["product.product"].create({"name": "Tour Cooler", "list_price": 9000})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": salesperson.id,
                "order_line": [Command.create({"product_id": product.id, "discount": 12})],
            }
        )
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}"
        self.start_tour(url, "crm_suite_discount_refused", login="tour_limit_salesperson")
        self.assertEqual(order.state, "draft")
        self.start_tour(url, "crm_suite_discount_approved", login="tour_limit_manager")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.crm_suite_approved_discount, 12)
