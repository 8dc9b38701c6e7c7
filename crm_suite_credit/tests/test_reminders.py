from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_suite.tests.common import CronCadenceMixin

from .common import TODAY, CreditCase


@tagged("post_install", "-at_install")
class TestReminders(CronCadenceMixin, CreditCase):
    CRONS = {"crm_suite_credit.ir_cron_payment_reminders": (1, "days")}

    def _run(self, day):
        with freeze_time(day):
            self.env["crm.suite.credit.reminder"]._send_due_reminders(self.company)

    def _reminders(self, invoice=None):
        domain = [("move_id", "=", invoice.id)] if invoice else [("partner_id", "=", self.customer.id)]
        return self.env["crm.suite.credit.reminder"].search(domain, order="id")

    def _follow_up(self):
        return self.env["crm.suite.credit.follow.up"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.company.id)]
        )

    def test_every_company_has_levels_at_3_15_and_30_days_new_ones_too(self):
        self.assertEqual(self.company.crm_suite_reminder_level_ids.mapped("days_overdue"), [3, 15, 30])
        self.assertEqual(self.company.crm_suite_reminder_level_ids.mapped("is_last_level"), [False, False, True])
        self.assertEqual(
            self.company.crm_suite_reminder_level_ids.mapped("name"),
            ["Friendly reminder", "Second reminder", "Final reminder"],
        )
        newcomer = self.env["res.company"].create({"name": "Credit Newcomer"})
        self.assertEqual(newcomer.crm_suite_reminder_level_ids.mapped("days_overdue"), [3, 15, 30])
        self.assertEqual(newcomer.crm_suite_reply_pause_days, 7)

    def test_each_level_goes_once_per_invoice_as_the_days_pass(self):
        invoice = self._invoice(self.customer, 0, 5000.0, today=TODAY)
        self._run(TODAY + timedelta(days=2))
        self.assertFalse(self._reminders(invoice), "2 days overdue: no level reached")
        for _run_twice in range(2):
            self._run(TODAY + timedelta(days=3))
        self.assertEqual(self._reminders(invoice).level_id.mapped("days_overdue"), [3])
        self._run(TODAY + timedelta(days=10))
        self._run(TODAY + timedelta(days=16))
        self.assertEqual(self._reminders(invoice).level_id.mapped("days_overdue"), [3, 15])
        self._run(TODAY + timedelta(days=31))
        self._run(TODAY + timedelta(days=60))
        self.assertEqual(self._reminders(invoice).level_id.mapped("days_overdue"), [3, 15, 30])
        self.assertEqual(set(self._reminders(invoice).mapped("state")), {"sent"})

    def test_an_invoice_past_several_levels_gets_the_highest_only_and_never_the_lower_ones(self):
        invoice = self._invoice(self.customer, 20, 5000.0)
        self._run(TODAY)
        self._run(TODAY + timedelta(days=1))
        self.assertEqual(self._reminders(invoice).level_id.mapped("days_overdue"), [15])

    def test_one_email_per_customer_covers_the_invoices_with_the_statement_attached(self):
        first = self._invoice(self.customer, 4, 1000.0)
        second = self._invoice(self.customer, 5, 2500.0)
        with self.mock_mail_gateway():
            self._run(TODAY)
        self.assertEqual(self._reminders().move_id, first | second)
        follow_up = self._follow_up()
        emails = follow_up.message_ids.filtered(lambda message: message.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertEqual(len(emails), 1)
        self.assertEqual(emails.partner_ids, self.customer)
        self.assertSentEmail(self.env.user.partner_id, self.customer)
        self.assertIn("3,500.00", emails.body)
        self.assertEqual(emails.attachment_ids.mapped("name"), ["Statement - Udhaar Traders.html"])
        self.assertEqual(set(self._reminders().mapped("channel")), {"email"})
        self.assertEqual(sorted(self._reminders().mapped("amount_residual")), [1000.0, 2500.0])
        self.assertIn("Payment reminder sent", self.customer.message_ids[0].body, "on the customer's timeline")
        self.assertIn("Payment reminder sent", first.message_ids[0].body, "recorded on the invoice")

    def test_without_a_pdf_engine_the_email_goes_without_the_statement(self):
        self._invoice(self.customer, 4, 1000.0)
        no_pdf = UserError("Unable to find Wkhtmltopdf on this system. The PDF can not be created.")
        with (
            patch.object(type(self.env["ir.actions.report"]), "_render_qweb_pdf", side_effect=no_pdf),
            mute_logger("odoo.addons.crm_suite_credit.models.crm_suite_credit_follow_up"),
            self.mock_mail_gateway(),
        ):
            self._run(TODAY)
        emails = self._follow_up().message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertEqual((len(emails), emails.partner_ids), (1, self.customer))
        self.assertIn("1,000.00", emails.body)
        self.assertFalse(emails.attachment_ids)
        self.assertEqual(set(self._reminders().mapped("state")), {"sent"})

    def test_sms_customers_get_odoos_queued_sms(self):
        self.customer.write({"email": False, "phone": "+91 98200 11223"})
        self._invoice(self.customer, 4, 1000.0)
        self._run(TODAY)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued, sent by Odoo's SMS queue")
        self.assertIn("1,000.00", sms.body)
        self.assertEqual(self._reminders().channel, "sms")

    def test_whatsapp_customers_get_a_prepared_message_for_the_salesperson_to_send(self):
        self.customer.write({"phone": "+91 98200 11224", "preferred_channel": "whatsapp", "consent_whatsapp": True})
        self._invoice(self.customer, 4, 1000.0)
        self._run(TODAY)
        message = self.env["crm.suite.whatsapp.message"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(message.state, "to_send")
        self.assertIn("1,000.00", message.body)
        activity = self._follow_up().activity_ids
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn(message.link, activity.note)

    def test_a_customer_out_of_reach_gets_a_call_from_the_salesperson(self):
        self.customer.email = False
        self._invoice(self.customer, 4, 1000.0)
        self._run(TODAY)
        activity = self._follow_up().activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertEqual(self._reminders().channel, "call")

    def test_the_last_level_asks_the_salesperson_to_call_too(self):
        self._invoice(self.customer, 4, 1000.0)
        self._run(TODAY)
        self.assertFalse(self._follow_up().activity_ids, "the first level is a message only")
        self._invoice(self.customer, 31, 1000.0)
        self._run(TODAY)
        activity = self._follow_up().activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activity.user_id, self.salesperson)

    def test_levels_are_the_companys_own_settings(self):
        levels = self.company.crm_suite_reminder_level_ids
        levels[0].days_overdue = 7
        invoice = self._invoice(self.customer, 5, 1000.0)
        self._run(TODAY)
        self.assertFalse(self._reminders(invoice), "5 days: before the first level, now at 7")
        levels[0].active = False
        levels[1].days_overdue = 5
        self._run(TODAY)
        self.assertEqual(self._reminders(invoice).level_id, levels[1])

    def test_a_level_claimed_already_is_not_sent_again(self):
        # Another run claimed it (the unique pair): this one leaves it.
        invoice = self._invoice(self.customer, 4, 1000.0)
        follow_up = self.env["crm.suite.credit.follow.up"]._for_partners(self.customer, self.company)
        level = self.company.crm_suite_reminder_level_ids[0]
        self.env["crm.suite.credit.reminder"].create(
            {"follow_up_id": follow_up.id, "move_id": invoice.id, "level_id": level.id}
        )
        claims = self.env["crm.suite.credit.reminder"]._claim(
            [(invoice.id, level.id, self.customer.id)], follow_up, self.company
        )
        self.assertFalse(claims)
        self._run(TODAY)
        self.assertEqual(len(self._reminders(invoice)), 1)
        self.assertFalse(
            follow_up.message_ids.filtered(lambda message: message.subtype_id == self.env.ref("mail.mt_comment"))
        )

    def test_customers_are_sent_and_committed_in_batches(self):
        customers = (
            self.customer | self.customer.copy({"name": "Batch Two"}) | self.customer.copy({"name": "Batch Three"})
        )
        for customer in customers:
            self._invoice(customer, 4, 1000.0)
        batches = []
        with patch("odoo.addons.crm_suite_credit.models.crm_suite_credit_reminder.BATCH_SIZE", 2), freeze_time(TODAY):
            self.env["crm.suite.credit.reminder"]._send_due_reminders(self.company, on_batch_done=batches.append)
        # Two customers a batch (the database's other overdue customers among them): one commit each.
        self.assertEqual(max(batches), 2)
        self.assertGreaterEqual(len(batches), 2)
        reminders = self.env["crm.suite.credit.reminder"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(reminders.partner_id, customers)

    def test_the_database_refuses_a_second_claim_of_an_invoices_level(self):
        invoice = self._invoice(self.customer, 4, 1000.0)
        follow_up = self.env["crm.suite.credit.follow.up"]._for_partners(self.customer, self.company)
        values = {
            "follow_up_id": follow_up.id,
            "move_id": invoice.id,
            "level_id": self.company.crm_suite_reminder_level_ids[0].id,
        }
        self.env["crm.suite.credit.reminder"].create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["crm.suite.credit.reminder"].create(values)

    @mute_logger("odoo.addons.crm_suite.batch")
    def test_a_customer_whose_reminder_fails_is_tried_again_and_others_get_theirs(self):
        other = self.customer.copy({"name": "Other Udhaar", "email": "other@udhaar.example.com"})
        failing = self._invoice(self.customer, 4, 1000.0)
        self._invoice(other, 4, 1000.0)
        FollowUp = type(self.env["crm.suite.credit.follow.up"])
        send = FollowUp._send_reminder

        def fail_for_the_first(follow_up, reminders):
            if follow_up.partner_id == self.customer:
                raise ValueError("gateway down")
            return send(follow_up, reminders)

        with patch.object(FollowUp, "_send_reminder", fail_for_the_first):
            self._run(TODAY)
        self.assertFalse(self._reminders(failing), "released for the next run")
        self.assertEqual(self.env["crm.suite.credit.reminder"].search([("partner_id", "=", other.id)]).state, "sent")
        self._run(TODAY)
        self.assertEqual(self._reminders(failing).state, "sent")

    def test_paid_and_draft_invoices_get_no_reminder(self):
        paid = self._invoice(self.customer, 4, 1000.0)
        self._pay(paid)
        draft = self._invoice(self.customer, 4, 1000.0)
        draft.button_draft()
        self._run(TODAY)
        self.assertFalse(self._reminders())

    def test_reminders_are_users_to_read_not_to_write(self):
        self._invoice(self.customer, 4, 1000.0)
        self._run(TODAY)
        reminder = self._reminders().with_user(self.accountant)
        self.assertEqual(reminder.state, "sent")
        with self.assertRaises(AccessError):
            reminder.write({"state": "claimed"})
