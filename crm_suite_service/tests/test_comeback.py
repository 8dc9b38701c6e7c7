from datetime import timedelta

from odoo.tests import tagged

from .common import CHECKIN, JobCardCase


@tagged("post_install", "-at_install")
class TestComebacks(JobCardCase):
    def test_same_problem_within_the_window_is_a_comeback(self):
        first = self._job()
        self._deliver(first, CHECKIN + timedelta(hours=6))
        again = self._job(checkin=CHECKIN + timedelta(days=20))
        self.assertTrue(again.is_comeback)
        self.assertEqual(again.comeback_of_id, first)
        self.assertEqual(again.action_view_comeback_origin()["res_id"], first.id)

    def test_other_problem_or_after_the_window_is_not(self):
        first = self._job()
        self._deliver(first, CHECKIN + timedelta(hours=6))
        engine = self.env["repair.tags"].create({"name": "Test engine"})
        self.assertFalse(self._job(checkin=CHECKIN + timedelta(days=5), problem_tag=engine).is_comeback)
        self.assertFalse(self._job(checkin=CHECKIN + timedelta(days=31)).is_comeback)

    def test_other_asset_is_not(self):
        first = self._job()
        self._deliver(first, CHECKIN + timedelta(hours=6))
        car = self.bike.copy({"registration_number": "MH12CAR001", "asset_type": "car"})
        self.assertFalse(self._job(asset=car, checkin=CHECKIN + timedelta(days=3)).is_comeback)

    def test_comeback_rate_and_on_time_rate_in_the_analysis(self):
        first = self._job()
        self._deliver(first, CHECKIN + timedelta(hours=6))
        again = self._job(checkin=CHECKIN + timedelta(days=20))
        self._deliver(again, CHECKIN + timedelta(days=20, hours=10))
        self.env.flush_all()
        Report = self.env["crm.suite.service.job.report"]
        [[jobs, on_time, comeback, turnaround]] = Report._read_group(
            [("company_id", "=", self.company.id)],
            aggregates=["job_count:sum", "on_time_rate:avg", "comeback_rate:avg", "turnaround_hours:avg"],
        )
        self.assertEqual(jobs, 2)
        self.assertEqual(on_time, 50)
        self.assertEqual(comeback, 50)
        self.assertEqual(turnaround, 8)
