from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CHECKIN, JobCardCase


@tagged("post_install", "-at_install")
class TestPromisedDelivery(JobCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"crm_suite_promise_warning_hours": 2, "crm_suite_service_manager_id": cls.manager.id})

    def _warnings(self, job):
        return job.activity_ids.filtered(lambda activity: activity.summary == "Promised delivery at risk")

    def test_delivered_by_the_promise_is_on_time(self):
        job = self._job(promised_hours=8)
        with freeze_time(CHECKIN + timedelta(hours=7, minutes=59)):
            self._approve(job)
            job.action_repair_start()
            job.action_repair_end()
            job.action_deliver()
        self.assertTrue(job.is_on_time)
        self.assertEqual(job.delay_hours, 0)

    def test_delivered_after_the_promise_is_late_by_its_delay(self):
        job = self._job(promised_hours=8)
        self._approve(job)
        job.action_repair_start()
        job.action_repair_end()
        with freeze_time(CHECKIN + timedelta(hours=11, minutes=30)):
            job.action_deliver()
        self.assertFalse(job.is_on_time)
        self.assertEqual(job.delay_hours, 3.5)

    def test_manager_warned_once_before_the_promise_breaks(self):
        job = self._job(promised_hours=8)
        with freeze_time(CHECKIN + timedelta(hours=5)):
            self.env["repair.order"]._warn_of_promises_at_risk()
            self.assertFalse(self._warnings(job), "three hours before the promise is not yet a risk")
            self.assertFalse(job.is_promise_at_risk)
        with freeze_time(CHECKIN + timedelta(hours=6, minutes=30)):
            job.invalidate_recordset(["is_promise_at_risk"])
            self.assertTrue(job.is_promise_at_risk)
            self.env["repair.order"]._warn_of_promises_at_risk()
            self.env["repair.order"]._warn_of_promises_at_risk()
        warning = self._warnings(job)
        self.assertEqual(len(warning), 1, "a second run does not warn again")
        self.assertEqual(warning.user_id, self.manager)

    def test_ready_jobs_are_not_warned_and_a_new_promise_warns_again(self):
        ready = self._job(promised_hours=8)
        ready.service_stage = "ready"
        open_job = self._job(promised_hours=8)
        with freeze_time(CHECKIN + timedelta(hours=7)):
            self.env["repair.order"]._warn_of_promises_at_risk()
            self.assertFalse(self._warnings(ready))
            self.assertEqual(len(self._warnings(open_job)), 1)
            open_job.promised_datetime = CHECKIN + timedelta(hours=8, minutes=30)
            self.env["repair.order"]._warn_of_promises_at_risk()
        self.assertEqual(len(self._warnings(open_job)), 2)

    def test_promise_before_checkin_is_refused(self):
        with self.assertRaises(ValidationError):
            self._job(promised_hours=-1)
