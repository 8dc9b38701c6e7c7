from contextlib import nullcontext
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

# The cadence README.md promises for each of the add-on's scheduled actions.
CRONS = {
    "crm_suite.ir_cron_send_greetings": (1, "hours"),  # hourly: every time zone greeted on its own day
    "crm_suite.ir_cron_recompute_segmentation": (1, "days"),  # nightly
}
# The segmentation holds its lock on a cursor of its own while its batches commit. In a test,
# every cursor is a savepoint in the test's transaction, and a batch's commit would release the
# lock's savepoint under it: the batches do not commit here (the job still commits at its end).
COMMITTING_BATCHES_UNDER_A_LOCK = {"crm_suite.ir_cron_recompute_segmentation"}


@tagged("post_install", "-at_install")
class TestCrmSuiteCrons(TransactionCase):
    def test_crons_run_at_the_promised_cadence(self):
        for xmlid, (number, unit) in CRONS.items():
            cron = self.env.ref(xmlid)
            self.assertTrue(cron.active, xmlid)
            self.assertEqual((cron.interval_number, cron.interval_type), (number, unit), xmlid)

    def test_crons_run_cleanly_as_the_scheduler_runs_them(self):
        for xmlid in CRONS:
            cron = self.env.ref(xmlid)
            batches_commit = (
                patch.object(self.registry["ir.cron"], "_commit_progress", return_value=0.0)
                if xmlid in COMMITTING_BATCHES_UNDER_A_LOCK
                else nullcontext()
            )
            with self.subTest(cron=xmlid), self.enter_registry_test_mode(), batches_commit:
                # A job that logs an error returns Odoo's error dialog instead of True.
                self.assertIs(cron.method_direct_trigger(), True)
            self.assertEqual(cron.lastcall.date(), self.env.cr.now().date(), xmlid)
