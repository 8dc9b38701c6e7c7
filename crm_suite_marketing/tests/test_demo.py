from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMarketingDemo(TransactionCase):
    def test_the_diwali_campaign_shows_opens_redemptions_and_revenue_per_segment(self):
        if not self.env["ir.module.module"].search([("name", "=", "crm_suite_marketing")]).demo:
            self.skipTest("the database has no demo data")
        company = self.env["crm.suite.demo"]._demo_company()
        campaign = self.env["utm.campaign"].search([("title", "=", "Diwali 2026")])
        results = self.env["crm.suite.offer.result"].with_company(company).search([("campaign_id", "=", campaign.id)])
        by_segment = {}
        for row in results.filtered("mailing_id"):
            figures = by_segment.setdefault(row.segment, {"sent": 0, "opened": 0, "redeemed": 0, "revenue": 0})
            for name in figures:
                figures[name] += row[name]
        self.assertEqual(set(by_segment), {"Class A customers", "Class B customers"})
        for segment, figures in by_segment.items():
            with self.subTest(segment=segment):
                self.assertGreater(figures["sent"], figures["opened"])
                self.assertGreater(figures["opened"], 0)
                self.assertEqual(figures["redeemed"], 1)
                self.assertGreater(figures["revenue"], 0)
        self.assertEqual(
            set(results.mapped("channel")) - {"coupon"}, {"mail", "sms", "whatsapp"}, "each on their channel"
        )
        amit = self.env.ref("crm_suite.partner_amit_verma")
        self.assertEqual(
            self.env["crm.suite.whatsapp.message"].search([("partner_id", "=", amit.id)]).campaign_id, campaign
        )
