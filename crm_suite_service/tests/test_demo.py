from collections import Counter

from odoo.tests import TransactionCase, tagged

from ..models.repair_order import SERVICE_STAGES


@tagged("post_install", "-at_install")
class TestServiceDemo(TransactionCase):
    """The demo business's workshop and care team, as README.md describes them (`make test` installs
    with demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["crm.suite.demo"]._demo_company()

    def test_demo_workshop_services_four_customers_vehicles(self):
        assets = self.env["crm.suite.service.asset"].search([("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted((asset.make.split()[0], asset.model.split()[0]) for asset in assets),
            [("Hero", "Splendor+"), ("Honda", "Activa"), ("Maruti", "Swift"), ("Tata", "Ace")],
        )
        self.assertEqual(len(assets.partner_id), 4, "four customers")
        jobs = self.env["repair.order"].search([("company_id", "=", self.company.id)])
        self.assertEqual(jobs.service_asset_id, assets, "every vehicle has a job card")

    def test_demo_workshop_has_delivered_job_cards_and_one_open_in_each_stage(self):
        jobs = self.env["repair.order"].search([("company_id", "=", self.company.id)])
        per_stage = Counter(jobs.mapped("service_stage"))
        open_stages = [stage for stage, _label in SERVICE_STAGES if stage not in ("delivered", "cancelled")]
        self.assertEqual({stage: per_stage[stage] for stage in open_stages}, dict.fromkeys(open_stages, 1))
        self.assertFalse(per_stage["cancelled"], "no cancelled job card")
        delivered = jobs.filtered(lambda job: job.service_stage == "delivered")
        self.assertEqual(set(delivered.mapped("is_on_time")), {True, False}, "delivered on time and late")
        comeback = delivered.filtered("is_comeback")
        self.assertEqual(len(comeback), 1)
        brakes = self.env.ref("crm_suite_service.repair_tag_brakes")
        self.assertEqual(comeback.problem_ids.tag_id, brakes)
        self.assertIn(brakes, comeback.comeback_of_id.problem_ids.tag_id, "back for the same brakes")

    def test_demo_care_team_has_a_complaint_in_each_stage_the_closed_one_rated_5(self):
        team = self.env["crm.suite.complaint.team"].search(
            [("company_id", "=", self.company.id), ("name", "=", "Sharma Customer Care")]
        )
        self.assertEqual(len(team), 1)
        complaints = self.env["crm.suite.complaint"].search([("company_id", "=", self.company.id)])
        self.assertEqual(complaints.team_id, team)
        stages = self.env["crm.suite.complaint.stage"].search([])
        self.assertEqual(Counter(complaints.mapped("stage_id")), dict.fromkeys(stages, 1))
        closed = complaints.filtered("is_closed")
        self.assertEqual(closed.rating_value, 5)
        self.assertFalse((complaints - closed).filtered("rating_value"), "only the closed one is rated")

    def test_demo_feedback_shows_a_complaint_a_review_and_a_silence(self):
        jobs = self.env["repair.order"].search(
            [("company_id", "=", self.company.id), ("crm_suite_feedback_requested_datetime", "!=", False)]
        )
        self.assertEqual(sorted(jobs.mapped("rating_last_value")), [0, 1, 5])
        unhappy = jobs.filtered(lambda job: job.rating_last_value == 1)
        self.assertTrue(unhappy.is_comeback)
        self.assertIn("squeal again", unhappy.crm_suite_feedback_complaint_id.description)
        self.assertTrue(jobs.filtered(lambda job: job.rating_last_value == 5).crm_suite_review_requested)
