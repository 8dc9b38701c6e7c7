from odoo.tests import tagged

from odoo.addons.crm_suite_service.tests.common import CHECKIN, JobCardCase


@tagged("post_install", "-at_install")
class TestFeedbackByTier(JobCardCase):
    def test_satisfaction_by_the_customers_tier(self):
        """Two Gold customers (happy, unhappy) and one without a tier (happy): Gold 50%, none 100%."""
        gold = self.env["crm.suite.loyalty.tier"].create(
            {"name": "Test Gold", "company_id": self.company.id, "min_amount": 1000}
        )
        second, third = self.customer.copy({"name": "Second"}), self.customer.copy({"name": "Third"})
        for customer, value in ((self.customer, 5), (second, 1), (third, 5)):
            asset = self.bike.copy({"partner_id": customer.id, "registration_number": f"MH12TT{customer.id}"})
            job = self._job(asset=asset)
            self._deliver(job, CHECKIN)
            job._crm_suite_request_feedback()
            job.sudo().rating_apply(value, token=job._rating_get_access_token())
        # sudo: tiers are the engine's to write, as its evaluation does; after the invoices, which it follows.
        third.with_company(self.company).sudo().loyalty_tier_id = False
        (self.customer | second).with_company(self.company).sudo().loyalty_tier_id = gold
        report = self.env["crm.suite.feedback.report"]
        csat = dict(report._read_group([("company_id", "=", self.company.id)], ["loyalty_tier_id"], ["csat:avg"]))
        self.assertEqual(csat, {gold: 50.0, self.env["crm.suite.loyalty.tier"]: 100.0})
