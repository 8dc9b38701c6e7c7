from odoo.tests import TransactionCase, tagged

# The cadence README.md promises for each of the add-on's scheduled actions.
CRONS = {
    "crm_suite_service.ir_cron_promise_warnings": (15, "minutes"),
    "crm_suite_service.ir_cron_complaint_escalation": (15, "minutes"),
    "crm_suite_service.ir_cron_service_reminders": (1, "days"),
}


@tagged("post_install", "-at_install")
class TestServiceCrons(TransactionCase):
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
