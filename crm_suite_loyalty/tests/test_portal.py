from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        Tier = cls.env["crm.suite.loyalty.tier"]
        cls.gold = Tier.create({"name": "Tour Gold", "sequence": 901, "min_amount": 5000, "company_id": company.id})
        cls.platinum = Tier.create(
            {"name": "Tour Platinum", "sequence": 902, "min_amount": 10000, "company_id": company.id}
        )
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Tour Points",
                "program_type": "loyalty",
                "company_id": company.id,
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
            }
        )
        cls.alice = new_test_user(
            cls.env, login="loyalty_portal_alice", groups="base.group_portal", name="Alice Portal"
        )
        cls.bob = new_test_user(cls.env, login="loyalty_portal_bob", groups="base.group_portal", name="Bob Portal")
        customer = cls.alice.partner_id.with_company(company)
        customer.write(
            {
                "loyalty_tier_override_id": cls.gold.id,
                "loyalty_tier_override_reason": "Portal tour",
            }
        )
        cls.env["crm.suite.loyalty.evaluation"]._evaluate(company, customer.ids)
        cls.env["loyalty.card"].create({"program_id": cls.program.id, "partner_id": customer.id, "points": 321})
        cls.bob_coupon = cls.env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.bob.partner_id.id, "points": 654}
        )

    def test_portal_user_sees_only_their_own_tier_and_points(self):
        self.authenticate("loyalty_portal_bob", "loyalty_portal_bob")
        page = self.url_open("/my/loyalty").text
        self.assertIn("not a member of a tier yet", page)
        self.assertNotIn("Tour Gold", page)
        self.assertNotIn("321 Points", page)
        self.assertIn("654 Points", page)

    def test_my_loyalty_shows_the_benefits_the_coupons_and_the_points_history(self):
        company = self.env.company
        self.gold.benefits = "<p>Free wheel alignment at every service</p>"
        coupons = self.env["loyalty.program"].create(
            {"name": "Tour Service Coupons", "program_type": "coupons", "company_id": company.id}
        )
        alice = self.alice.partner_id
        coupon = self.env["loyalty.card"].create({"program_id": coupons.id, "partner_id": alice.id, "points": 1})
        card = self.env["loyalty.card"].search([("program_id", "=", self.program.id), ("partner_id", "=", alice.id)])
        self.env["loyalty.history"].create({"card_id": card.id, "description": "Tour order S04321", "issued": 321})
        self.authenticate("loyalty_portal_alice", "loyalty_portal_alice")
        page = self.url_open("/my/loyalty").text
        self.assertIn("Free wheel alignment at every service", page)
        self.assertIn(coupon.code, page)
        self.assertIn("Tour order S04321", page)
        self.authenticate("loyalty_portal_bob", "loyalty_portal_bob")
        page = self.url_open("/my/loyalty").text
        self.assertNotIn(coupon.code, page)
        self.assertNotIn("Tour order S04321", page)

    def test_visitors_are_sent_to_log_in(self):
        response = self.url_open("/my/loyalty", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_portal_tour_shows_tier_progress_and_points(self):
        self.start_tour("/my/home", "crm_suite_loyalty_portal", login="loyalty_portal_alice")
