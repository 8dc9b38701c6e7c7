from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltySecurity(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Tier Company"})
        cls.tier = cls.env["crm.suite.loyalty.tier"].create(
            {"name": "Other Gold", "min_amount": 1000, "company_id": cls.other_company.id}
        )
        cls.user = new_test_user(cls.env, login="tier_reader", groups="base.group_user,crm_suite.group_crm_suite_user")

    def test_suite_users_read_tiers_but_only_managers_change_them(self):
        own = self.env["crm.suite.loyalty.tier"].create({"name": "Own Silver", "min_amount": 500})
        own.with_user(self.user).read(["name", "min_amount"])
        with self.assertRaises(AccessError):
            own.with_user(self.user).write({"discount_percent": 50})

    def test_tiers_of_another_company_stay_hidden(self):
        visible = self.env["crm.suite.loyalty.tier"].with_user(self.user).search([])
        self.assertNotIn(self.tier, visible)

    def test_only_managers_see_the_tier_set_by_hand(self):
        partner = self.env["res.partner"].create({"name": "Hand Set"})
        with self.assertRaises(AccessError):
            partner.with_user(self.user).read(["loyalty_tier_override_reason"])


@tagged("post_install", "-at_install")
class TestLoyaltyDemo(TransactionCase):
    def test_demo_customers_fill_every_tier(self):
        if not self.env.ref("crm_suite.partner_rajesh_sharma", raise_if_not_found=False):
            self.skipTest("the database has no demo data")
        company = self.env["crm.suite.demo"]._demo_company()
        tiers = self.env["crm.suite.loyalty.tier"].search([("company_id", "=", company.id)])
        members = self.env["res.partner"].with_company(company).search([("loyalty_tier_id", "in", tiers.ids)])
        self.assertEqual(members.loyalty_tier_id, tiers)
        self.assertEqual(tiers.mapped("name"), ["Bronze", "Silver", "Gold", "Platinum"])
