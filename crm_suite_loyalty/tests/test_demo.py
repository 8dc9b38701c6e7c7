from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyDemo(TransactionCase):
    def test_tier_spend_and_period_revenue_agree_in_the_demo(self):
        company = self.env["crm.suite.demo"]._demo_company()
        if not self.env.ref("crm_suite.partner_rajesh_sharma", raise_if_not_found=False):
            self.skipTest("the database has no demo data")
        members = self.env["res.partner"].with_company(company).search([("loyalty_tier_id", "!=", False)])
        self.assertTrue(members)
        self.assertEqual(
            [(member.name, member.period_revenue) for member in members],
            [(member.name, member.loyalty_period_amount) for member in members],
        )
