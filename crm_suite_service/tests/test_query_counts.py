from datetime import timedelta

from odoo.tests import tagged

from .common import CHECKIN, JobCardCase

JOB_CARD_LIST = [
    "name",
    "partner_id",
    "service_asset_id",
    "promised_datetime",
    "service_stage",
    "is_on_time",
    "is_comeback",
    "is_promise_at_risk",
    "technician_ids",
    "amount_total",
    "activity_ids",
]
COMPLAINT_LIST = [
    "reference",
    "name",
    "partner_id",
    "category_id",
    "product_id",
    "user_id",
    "resolution_deadline",
    "stage_id",
    "is_sla_breached",
    "rating_value",
    "priority",
]


@tagged("post_install", "-at_install")
class TestListQueryCounts(JobCardCase):
    """The job card and complaint lists read as many queries for 2 rows as for 6."""

    def _queries(self, records, fields):
        # Read first: access rights and other registry caches are then warm for both counts.
        for _warm_up in range(2):
            self.env.invalidate_all()
            records.with_user(self.adviser).read(fields)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        records.with_user(self.adviser).read(fields)
        return self.env.cr.sql_log_count - before

    def test_job_card_list(self):
        jobs = self.env["repair.order"]
        for day in range(6):
            jobs |= self._job(checkin=CHECKIN + timedelta(days=day), odometer=1000 * (day + 1))
        self._approve(jobs[0])
        self._approve(jobs[1])
        self.assertEqual(self._queries(jobs[:2], JOB_CARD_LIST), self._queries(jobs, JOB_CARD_LIST))

    def test_complaint_list(self):
        Complaint = self.env["crm.suite.complaint"]
        complaints = Complaint.create(
            [{"name": f"Complaint {number}", "partner_id": self.customer.id} for number in range(6)]
        )
        self.assertEqual(self._queries(complaints[:2], COMPLAINT_LIST), self._queries(complaints, COMPLAINT_LIST))
