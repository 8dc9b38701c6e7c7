from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TODAY, CreditCase

REPLY = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Date: Wed, 02 Dec 2026 10:00:00 +0000
Message-ID: {msg_id}
{extra}

Business is slow this month; I will pay after the Pongal sales.
"""


@tagged("post_install", "-at_install")
class TestPromiseToPay(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()
        with freeze_time(TODAY):
            cls.invoice = cls._invoice(cls.customer, 4, 9000.0)

    def _run(self, day):
        with freeze_time(day):
            self.env["crm.suite.payment.promise"]._settle_due_promises()
            self.env["crm.suite.credit.reminder"]._send_due_reminders(self.company)

    def _reminders(self):
        return self.env["crm.suite.credit.reminder"].search([("move_id", "=", self.invoice.id)])

    def _promise(self, user, day, amount, invoice=None):
        record = invoice or self.customer
        action = record.with_user(user).action_crm_suite_promise_to_pay()
        with freeze_time(TODAY):
            wizard = Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))
            wizard.promised_date = day
            wizard.amount = amount
            wizard.save().action_record()
        return self.env["crm.suite.payment.promise"].search([("partner_id", "=", self.customer.id)], limit=1)

    def test_a_promise_pauses_the_levels_until_its_date_and_is_logged(self):
        promise = self._promise(self.salesperson, TODAY + timedelta(days=7), 9000.0, invoice=self.invoice)
        self.assertEqual((promise.move_id, promise.amount, promise.state), (self.invoice, 9000.0, "open"))
        self.assertIn("promised to pay", self.invoice.message_ids[0].body)
        self.assertIn("promised to pay", self.customer.message_ids[0].body)
        self.assertEqual(self.customer.crm_suite_reminders_paused_until, TODAY + timedelta(days=7))
        self._run(TODAY)
        self._run(TODAY + timedelta(days=7))
        self.assertFalse(self._reminders(), "paused through the promised day")

    def test_a_broken_promise_resumes_the_levels_and_tells_the_salesperson(self):
        promise = self._promise(self.accountant, TODAY + timedelta(days=7), 9000.0)
        self._pay(self.invoice, amount=1000.0, day=TODAY + timedelta(days=2))
        self._run(TODAY + timedelta(days=8))
        self.assertEqual(promise.state, "broken")
        self.assertEqual(self._reminders().level_id.days_overdue, 3, "the levels resumed the day after")
        follow_up = promise.follow_up_id
        self.assertIn(
            "did not keep their promise",
            follow_up.message_ids.mapped("body")[-1] + "".join(follow_up.message_ids.mapped("body")),
        )
        broken = follow_up.activity_ids.filtered(lambda activity: "broke a promise" in activity.summary)
        self.assertEqual(broken.user_id, self.salesperson)

    def test_a_kept_promise_is_marked_kept(self):
        promise = self._promise(self.accountant, TODAY + timedelta(days=7), 4000.0)
        self._pay(self.invoice, amount=4000.0, day=TODAY + timedelta(days=5))
        self._run(TODAY + timedelta(days=8))
        self.assertEqual(promise.state, "kept")

    def test_a_promise_is_for_a_day_to_come_and_an_amount_above_zero(self):
        with self.assertRaises(ValidationError):
            self._promise(self.salesperson, TODAY - timedelta(days=1), 100.0)
        with self.assertRaisesRegex(ValidationError, "next 60 days at most"):
            self._promise(self.salesperson, TODAY + timedelta(days=61), 100.0)
        with self.assertRaises(ValidationError):
            self._promise(self.salesperson, TODAY + timedelta(days=1), 0.0)

    def test_a_promise_cannot_be_forged_or_moved_over_rpc(self):
        promise = self._promise(self.salesperson, TODAY + timedelta(days=7), 9000.0)
        other = self.customer.copy({"name": "Pays Well"})
        for values in (
            {"state": "kept"},
            {"promised_date": TODAY + timedelta(days=30)},
            {"amount": 1.0},
            {"partner_id": other.id},
            {"company_id": self.env.company.id},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                promise.with_user(self.salesperson).write(values)
        with self.assertRaises(UserError):
            self.env["crm.suite.payment.promise"].with_user(self.salesperson).create(
                {
                    "follow_up_id": promise.follow_up_id.id,
                    "promised_date": TODAY + timedelta(days=3),
                    "amount": 10.0,
                    "state": "kept",
                }
            )
        with self.assertRaises(AccessError):
            promise.follow_up_id.with_user(self.salesperson).write({"paused_until": TODAY + timedelta(days=365)})

    def test_a_promise_is_about_an_invoice_of_the_same_customer(self):
        other = self.customer.copy({"name": "Another Udhaar"})
        with freeze_time(TODAY):
            foreign = self._invoice(other, 4, 100.0)
        follow_up = self.env["crm.suite.credit.follow.up"]._for_partners(self.customer, self.company)
        with freeze_time(TODAY), self.assertRaises(ValidationError):
            self.env["crm.suite.payment.promise"].with_user(self.accountant).create(
                {"follow_up_id": follow_up.id, "move_id": foreign.id, "promised_date": TODAY, "amount": 10.0}
            )

    def _reply_to_the_reminder(self, sender):
        """Send today's reminder, then a reply to it from ``sender``; the customer's follow-up."""
        with self.mock_mail_gateway():
            self._run(TODAY)
        follow_up = self._reminders().follow_up_id
        reminder_mail = follow_up.message_ids.filtered(
            lambda message: message.subtype_id == self.env.ref("mail.mt_comment")
        )
        with freeze_time(TODAY):
            self.format_and_process(
                REPLY,
                sender,
                f"catchall@{self.alias_domain}",
                subject=f"Re: {reminder_mail.subject}",
                extra=f"In-Reply-To: {reminder_mail.message_id}",
                target_model="crm.suite.credit.follow.up",
                target_field="partner_id",
            )
        return follow_up

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_reply_pauses_the_levels_for_the_companys_days_and_tells_the_salesperson(self):
        self.company.crm_suite_reply_pause_days = 4
        follow_up = self._reply_to_the_reminder(self.customer.email)
        self.assertEqual(follow_up.paused_until, TODAY + timedelta(days=4))
        activity = follow_up.activity_ids.filtered(lambda activity: "replied" in activity.summary)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("Pongal", str(activity.note))
        # A new invoice at its first level waits for the end of the pause (the 6th), then gets it.
        second = self._invoice(self.customer, 3, 100.0, today=TODAY)
        self._run(TODAY + timedelta(days=4))
        self.assertFalse(self.env["crm.suite.credit.reminder"].search([("move_id", "=", second.id)]))
        self._run(TODAY + timedelta(days=5))
        self.assertTrue(self.env["crm.suite.credit.reminder"].search([("move_id", "=", second.id)]))

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_reply_from_someone_else_pauses_nothing(self):
        follow_up = self._reply_to_the_reminder("someone@elsewhere.example.com")
        self.assertFalse(follow_up.paused_until)

    @mute_logger("odoo.sql_db")
    def test_the_reply_pause_is_not_negative(self):
        with self.assertRaises(IntegrityError):
            self.company.crm_suite_reply_pause_days = -1
            self.company.flush_recordset()

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_the_salespersons_own_email_to_the_thread_pauses_nothing(self):
        follow_up = self.env["crm.suite.credit.follow.up"]._for_partners(self.customer, self.company)
        self.salesperson.email = "credit.salesperson@example.com"
        with freeze_time(TODAY):
            follow_up.message_post(
                body="Called, no answer", message_type="email", author_id=self.salesperson.partner_id.id
            )
        self.assertFalse(follow_up.paused_until)
