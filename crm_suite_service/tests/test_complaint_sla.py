from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .complaint_common import TUESDAY_9, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintSla(ComplaintCase):
    def test_deadlines_skip_the_weekend_and_the_holiday(self):
        friday_15 = datetime(2026, 11, 27, 15, 0)
        complaint = self._complaint(reported=friday_15)
        self.assertEqual(complaint.sla_policy_id, self.policy)
        # Friday 15-17 is 2 hours; Saturday, Sunday and Monday's holiday count nothing.
        self.assertEqual(complaint.response_deadline, datetime(2026, 12, 1, 10, 0))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 12, 2, 15, 0))

    def test_the_clock_stops_while_waiting_on_the_customer(self):
        complaint = self._complaint()
        self.assertEqual(complaint.response_deadline, datetime(2026, 12, 1, 14, 0))
        with freeze_time(datetime(2026, 12, 1, 10, 0)):
            complaint.stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 12, 2, 9, 0)):
            complaint.env["crm.suite.complaint"]._check_slas()
            self.assertFalse(complaint.is_response_breached, "no breach while the clock is stopped")
            complaint.stage_id = self.stage_in_progress
        self.assertEqual(complaint.sla_paused_hours, 7)
        self.assertEqual(complaint.response_deadline, datetime(2026, 12, 2, 12, 0))

    def test_only_a_reply_the_customer_sees_is_the_first_response(self):
        complaint = self._complaint()
        with freeze_time(datetime(2026, 12, 1, 10, 0)):
            complaint.with_user(self.assignee).message_post(
                body="Checking with the workshop", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(complaint.first_response_datetime)
        with freeze_time(datetime(2026, 12, 1, 11, 30)):
            complaint.with_user(self.assignee).message_post(
                body="We will replace it tomorrow", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(complaint.first_response_datetime, datetime(2026, 12, 1, 11, 30))
        self.assertEqual(complaint.response_hours, 2.5)
        self.assertFalse(complaint.is_response_breached)

    def test_warning_then_breach_then_next_level_each_once(self):
        complaint = self._complaint()
        Complaint = self.env["crm.suite.complaint"]

        def summaries(user):
            return complaint.activity_ids.filtered(lambda activity: activity.user_id == user).mapped("summary")

        with freeze_time(datetime(2026, 12, 1, 11, 0)):
            Complaint._check_slas()
        self.assertFalse(complaint.activity_ids, "2 of 4 hours is not yet 75%")
        with freeze_time(datetime(2026, 12, 1, 12, 0)):
            Complaint._check_slas()
            Complaint._check_slas()
        self.assertEqual(len(summaries(self.assignee)), 1, "warned once at 75%")
        self.assertTrue(complaint.response_warning_sent)
        with freeze_time(datetime(2026, 12, 1, 14, 30)):
            Complaint._check_slas()
            Complaint._check_slas()
        self.assertTrue(complaint.is_sla_breached)
        self.assertEqual(complaint.escalation_level, 1)
        self.assertEqual(len(summaries(self.leader)), 1, "the team leader is called once")
        escalation_email = complaint.message_ids.filtered(
            lambda message: (message.subject or "").startswith("Escalated")
        )
        self.assertEqual(escalation_email.partner_ids, self.leader.partner_id)
        with freeze_time(datetime(2026, 12, 1, 16, 45)):
            Complaint._check_slas()
            Complaint._check_slas()
        self.assertEqual(complaint.escalation_level, 2)
        self.assertEqual(len(summaries(self.manager)), 1, "then the next level, once")

    def test_manual_escalation(self):
        complaint = self._complaint()
        complaint.action_escalate()
        self.assertEqual(complaint.escalation_level, 1)
        self.assertTrue(complaint.activity_ids.filtered(lambda activity: activity.user_id == self.leader))

    def test_resolved_late_is_a_breach_and_counts_working_hours(self):
        complaint = self._complaint()
        with freeze_time(datetime(2026, 12, 4, 10, 0)):
            complaint.stage_id = self.stage_resolved
        # Tuesday 9-17 (7h), Wednesday and Thursday (8h each), Friday 8-10 (2h).
        self.assertEqual(complaint.resolution_hours, 25)
        self.assertTrue(complaint.is_resolution_breached)
        self.assertTrue(complaint.is_sla_breached)

    def test_a_backdated_reply_or_a_customers_colleague_does_not_stop_the_clock(self):
        complaint = self._complaint()
        colleague = self.env["res.users"].create(
            {
                "name": "Colleague of the Customer",
                "login": "customer_colleague",
                "email": "colleague@example.com",
                "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        with freeze_time(datetime(2026, 12, 1, 16, 0)):
            complaint.with_user(colleague).sudo().message_post(
                body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            self.assertFalse(complaint.first_response_datetime, "only an employee's reply answers")
            complaint.with_user(self.assignee).message_post(
                body="Answered long ago", message_type="comment", subtype_xmlid="mail.mt_comment", date=TUESDAY_9
            )
        self.assertEqual(complaint.first_response_datetime, datetime(2026, 12, 1, 16, 0), "when it was posted")
        self.assertTrue(complaint.is_response_breached)

    def test_agents_get_the_matching_policy_managers_may_choose_another(self):
        looser = self.env["crm.suite.sla.policy"].create(
            {"name": "Looser", "response_hours": 40, "resolution_hours": 80}
        )
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.assignee).sla_policy_id = looser
        with self.assertRaises(AccessError):
            complaint.with_user(self.assignee).write({"response_deadline": datetime(2099, 1, 1)})
        complaint.with_user(self.manager).sla_policy_id = looser
        self.assertEqual(complaint.sla_policy_id, looser)

    def test_policy_by_customer_class_and_priority(self):
        vip = self.env["crm.suite.sla.policy"].create(
            {"name": "Urgent", "sequence": 1, "priority": "2", "response_hours": 1, "resolution_hours": 8}
        )
        self.assertEqual(self._complaint().sla_policy_id, self.policy)
        urgent = self._complaint(priority="2")
        self.assertEqual(urgent.sla_policy_id, vip)
        self.assertEqual(urgent.response_deadline, datetime(2026, 12, 1, 10, 0))

    def test_reported_datetime_default_is_now(self):
        with freeze_time(TUESDAY_9):
            complaint = self.env["crm.suite.complaint"].create({"name": "Now", "partner_id": self.customer.id})
        self.assertEqual(complaint.reported_datetime, TUESDAY_9)

    def test_a_policy_needs_a_response_target_within_its_resolution_target(self):
        Policy = self.env["crm.suite.sla.policy"]
        with self.assertRaises(ValidationError):
            Policy.create({"name": "No response", "response_hours": 0, "resolution_hours": 8})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Inverted", "response_hours": 8, "resolution_hours": 4})

    def test_no_escalation_before_the_reply_time_promised_to_the_customer(self):
        self.env["crm.suite.sla.policy"].create(
            {"name": "Urgent", "sequence": 1, "priority": "2", "response_hours": 1, "resolution_hours": 8}
        )
        complaint = self._complaint()
        self.assertEqual(complaint.response_promised_datetime, datetime(2026, 12, 1, 14, 0), "told in the email")
        self.assertTrue(complaint.message_ids.filtered(lambda message: "We will reply by" in message.body))
        standard_resolution = complaint.resolution_deadline
        complaint.priority = "2"  # classified urgent after the acknowledgement: a one-hour target
        self.assertEqual(complaint.response_deadline, datetime(2026, 12, 1, 14, 0))
        self.assertLess(complaint.resolution_deadline, standard_resolution, "the resolution target tightens")
        with freeze_time(datetime(2026, 12, 1, 12, 0)):
            self.env["crm.suite.complaint"]._check_slas()
        self.assertFalse(complaint.is_response_breached or complaint.escalation_level)
        with freeze_time(datetime(2026, 12, 1, 14, 30)):
            self.env["crm.suite.complaint"]._check_slas()
        self.assertEqual((complaint.is_response_breached, complaint.escalation_level), (True, 1))
