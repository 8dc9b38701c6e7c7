from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CHECKIN, JobCardCase


@tagged("post_install", "-at_install")
class TestServiceReminders(JobCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.crm_suite_service_reminder_days = 7

    def _service(self, asset, odometer):
        self._deliver(self._job(asset=asset, odometer=odometer), CHECKIN + timedelta(hours=6))

    def _reminders(self, asset):
        return asset.message_ids.filtered(lambda message: (message.subject or "").startswith("Time to service"))

    def test_reminded_a_week_before_the_date_interval_ends(self):
        self.bike.service_interval_km = 0
        self._service(self.bike, 10000)
        due = CHECKIN.date() + timedelta(days=90)
        self.assertEqual(self.bike.next_service_date, due)
        with freeze_time(due - timedelta(days=8)):
            self.env["crm.suite.service.asset"]._send_due_service_reminders()
        self.assertFalse(self._reminders(self.bike))
        with freeze_time(due - timedelta(days=7)):
            self.env["crm.suite.service.asset"]._send_due_service_reminders()
            self.env["crm.suite.service.asset"]._send_due_service_reminders()
        self.assertEqual(len(self._reminders(self.bike)), 1, "once per due date")
        self.assertEqual(self.bike.service_reminded_for_date, due)
        self.assertTrue(self.env["sms.sms"].search([("body", "ilike", "next service of your")]))
        self.assertEqual(self.bike.activity_ids.date_deadline, due)

    def test_reminded_when_the_odometer_reaches_the_distance(self):
        self.bike.service_interval_days = 0
        self._service(self.bike, 10000)
        self.assertEqual(self.bike.next_service_odometer, 13000)
        self.assertFalse(self.bike.next_service_date, "one reading gives no daily distance yet")
        readings = self.env["crm.suite.service.odometer.reading"]
        readings.create({"asset_id": self.bike.id, "date": date(2026, 12, 23), "value": 11500})
        # 1,500 km in 30 days: 50 km a day, so 13,000 km thirty days later.
        self.assertEqual(self.bike.next_service_date, date(2027, 1, 22))
        with freeze_time("2027-01-10"):
            self.env["crm.suite.service.asset"]._send_due_service_reminders()
        self.assertFalse(self._reminders(self.bike))
        readings.create({"asset_id": self.bike.id, "date": date(2027, 1, 10), "value": 13050})
        self.assertEqual(self.bike.next_service_date, date(2027, 1, 10), "the distance is reached already")
        with freeze_time("2027-01-10"):
            self.env["crm.suite.service.asset"]._send_due_service_reminders()
        self.assertEqual(len(self._reminders(self.bike)), 1)

    def test_the_earlier_of_the_date_and_the_distance_is_due(self):
        self.bike.write({"service_interval_days": 90, "service_interval_km": 3000})
        self._service(self.bike, 10000)
        by_date = CHECKIN.date() + timedelta(days=90)
        self.assertEqual(self.bike.next_service_date, by_date, "no daily distance yet: the date interval")
        # 1,500 km in 30 days: 13,000 km on 22 January, before the 90 days are over.
        self.env["crm.suite.service.odometer.reading"].create(
            {"asset_id": self.bike.id, "date": date(2026, 12, 23), "value": 11500}
        )
        self.assertLess(date(2027, 1, 22), by_date)
        self.assertEqual(self.bike.next_service_date, date(2027, 1, 22))
        self.bike.service_interval_km = 9000  # far away: the date comes first again
        self.assertEqual(self.bike.next_service_date, by_date)

    def test_one_failing_reminder_does_not_stop_the_others(self):
        self.bike.service_interval_km = 0
        no_email = self.env["res.partner"].create({"name": "No Email Owner"})
        other = self.bike.copy({"registration_number": "MH12ZZ0001", "partner_id": no_email.id})
        self._service(self.bike, 10000)
        self._service(other, 5000)
        template = self.env.ref("crm_suite_service.mail_template_service_due")
        # Renders for an owner with an email address, fails for the other.
        template.body_html = "<p><t t-out=\"1 / len(object.partner_id.email or '')\"/></p>"
        with (
            freeze_time(CHECKIN.date() + timedelta(days=85)),
            mute_logger("odoo.addons.mail.models.mail_render_mixin"),
            self.assertLogs("odoo.addons.crm_suite.batch", "ERROR"),
        ):
            self.env["crm.suite.service.asset"]._send_due_service_reminders()
        self.assertTrue(self.bike.service_reminded_for_date)
        self.assertFalse(other.service_reminded_for_date, "a failed reminder is tried again next run")
