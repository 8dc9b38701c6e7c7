from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_suite.tests.common import CronCadenceMixin


@tagged("post_install", "-at_install")
class TestLoyaltyCrons(CronCadenceMixin, TransactionCase):
    CRONS = {
        "crm_suite_loyalty.ir_cron_evaluate_tiers": (1, "days"),  # nightly, and when the segmentation ends
    }

    def test_the_segmentation_of_a_company_triggers_the_tier_evaluation(self):
        cron = self.env.ref("crm_suite_loyalty.ir_cron_evaluate_tiers")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([("cron_id", "=", cron.id)])
        self.env["crm.suite.segmentation"]._recompute(companies=self.env.company)
        triggered = Trigger.search([("cron_id", "=", cron.id)]) - before
        self.assertEqual(len(triggered), 1)
        self.assertLessEqual(triggered.call_at, fields.Datetime.now(), "now, not at the nightly hour")
