from odoo import fields
from odoo.tests import TransactionCase, tagged

# The cadence README.md promises for each of the add-on's scheduled actions.
CRONS = {
    "crm_suite_loyalty.ir_cron_evaluate_tiers": (1, "days"),  # nightly, unless the segmentation triggered it
}


@tagged("post_install", "-at_install")
class TestLoyaltyCrons(TransactionCase):
    def test_crons_run_at_the_promised_cadence(self):
        for xmlid, (number, unit) in CRONS.items():
            cron = self.env.ref(xmlid)
            self.assertTrue(cron.active, xmlid)
            self.assertEqual((cron.interval_number, cron.interval_type), (number, unit), xmlid)

    def test_crons_run_cleanly_as_the_scheduler_runs_them(self):
        for xmlid in CRONS:
            cron = self.env.ref(xmlid)
            with self.subTest(cron=xmlid), self.enter_registry_test_mode():
                # A job that logs an error returns Odoo's error dialog instead of True.
                self.assertIs(cron.method_direct_trigger(), True)
            self.assertEqual(cron.lastcall.date(), self.env.cr.now().date(), xmlid)

    def test_the_segmentation_of_a_company_triggers_the_tier_evaluation(self):
        cron = self.env.ref("crm_suite_loyalty.ir_cron_evaluate_tiers")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([("cron_id", "=", cron.id)])
        self.env["crm.suite.segmentation"]._recompute(companies=self.env.company)
        triggered = Trigger.search([("cron_id", "=", cron.id)]) - before
        self.assertEqual(len(triggered), 1)
        self.assertLessEqual(triggered.call_at, fields.Datetime.now(), "now, not at the nightly hour")
