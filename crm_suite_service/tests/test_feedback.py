from datetime import timedelta
from unittest.mock import patch

from psycopg2.errors import CheckViolation

from odoo import Command, http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, freeze_time, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_suite.tests.common import new_company_user, start_tour_and_keep_screenshot

from .common import CHECKIN, JobCardCase

DELIVERED = CHECKIN + timedelta(days=1)
NOW = DELIVERED + timedelta(hours=2)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestFeedback(JobCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.suite.complaint.team"].create({"name": "Speedy care", "company_id": cls.company.id})
        cls.company.write(
            {"crm_suite_review_url": "https://g.page/r/speedy/review", "crm_suite_feedback_chase_days": 3}
        )
        cls.Job = cls.env["repair.order"]

    def _delivered_job(self, **values):
        job = self._job(user_id=self.adviser.id, **values)
        self._deliver(job, DELIVERED)
        return job

    def _messages_to_customer(self, record, containing):
        return record.message_ids.filtered(
            lambda message: self.customer in message.partner_ids and containing in message.body
        )

    def test_a_delivered_job_card_is_asked_once_on_the_customers_email(self):
        job = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        self.Job._crm_suite_request_due_feedback()
        self.assertEqual(job.crm_suite_feedback_channel, "email")
        self.assertEqual(job.crm_suite_feedback_requested_datetime, NOW)
        rating = self._ratings(job)
        self.assertEqual(len(rating), 1, "one request, however often the cron runs")
        request = self._messages_to_customer(job, "/rate/")
        self.assertEqual(len(request), 1)
        self.assertIn(f"/rate/{rating.access_token}/5", request.body)
        self.assertIn(f"/rate/{rating.access_token}/1", request.body)

    def test_an_undelivered_or_old_job_card_is_not_asked(self):
        waiting = self._job(user_id=self.adviser.id)
        with freeze_time(NOW + timedelta(days=91)):
            old = self._delivered_job()
            old.delivered_datetime = DELIVERED
            self.Job._crm_suite_request_due_feedback()
        self.assertFalse(waiting.crm_suite_feedback_requested_datetime)
        self.assertFalse(old.crm_suite_feedback_requested_datetime, "older than the window: not asked at switch-on")

    def test_sms_where_the_customer_prefers_it(self):
        self.customer.preferred_channel = "sms"
        job = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        self.assertEqual(job.crm_suite_feedback_channel, "sms")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id), ("body", "ilike", "/rate/")])
        self.assertEqual(len(sms), 1)
        self.assertIn(f"/rate/{self._ratings(job).access_token}/3", sms.body)
        self.assertFalse(self._messages_to_customer(job, "/rate/").mail_ids, "no email besides the SMS")

    def test_whatsapp_where_the_customer_prefers_and_agreed_to_it(self):
        self.customer.write({"preferred_channel": "whatsapp", "consent_whatsapp": True})
        job = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        self.assertEqual(job.crm_suite_feedback_channel, "whatsapp")
        message = self.env["crm.suite.whatsapp.message"].search(
            [("partner_id", "=", self.customer.id), ("body", "ilike", "/rate/")]
        )
        self.assertIn(f"/rate/{self._ratings(job).access_token}/3", message.body)
        activity = job.activity_ids.filtered(lambda activity: "WhatsApp" in activity.summary)
        self.assertEqual(activity.user_id, self.adviser, "the job's adviser sends it with one click")

    def test_a_customer_out_of_reach_is_not_asked_again(self):
        self.customer.write({"email": False, "phone": False})
        job = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        self.assertEqual(job.crm_suite_feedback_channel, "none")
        self.assertFalse(self._ratings(job))
        self.Job._crm_suite_request_due_feedback()
        self.assertFalse(self._ratings(job))

    def test_the_companys_survey_follows_the_rating(self):
        survey = self.env["survey.survey"].create({"title": "After service", "access_mode": "token"})
        self.company.crm_suite_feedback_survey_id = survey
        job = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        answer = job.crm_suite_feedback_survey_answer_id
        self.assertEqual((answer.survey_id, answer.partner_id), (survey, self.customer))
        self.assertTrue(self._messages_to_customer(job, answer.get_start_url()))

    def _answer_request(self, record, value, feedback=False):
        """The customer answers the rating request ``record`` sent them, with its own token."""
        record._crm_suite_request_feedback()
        self.assertEqual(len(self._rate(record, value, feedback)), 1, "the request's own rating, not a new one")

    def test_a_low_rating_opens_a_complaint_with_the_customers_words_once(self):
        job = self._delivered_job()
        self._answer_request(job, 1, "The brakes still squeal")
        complaint = job.crm_suite_feedback_complaint_id
        self.assertEqual(complaint.repair_order_id, job)
        self.assertEqual((complaint.partner_id, complaint.company_id), (self.customer, self.company))
        self.assertEqual((complaint.channel, complaint.team_id), ("feedback", self.team))
        self.assertIn("The brakes still squeal", complaint.description)
        job.sudo().rating_apply(1, token=self._ratings(job).access_token, feedback="Again")
        self.assertEqual(self.env["crm.suite.complaint"].search_count([("repair_order_id", "=", job.id)]), 1)

    def test_the_low_rating_setting_decides_what_opens_a_complaint(self):
        neutral = self._delivered_job()
        self._answer_request(neutral, 3)
        self.assertFalse(neutral.crm_suite_feedback_complaint_id, "by default, 1 and 2 only")
        self.company.crm_suite_feedback_low_rating = 3
        strict = self._delivered_job()
        self._answer_request(strict, 3)
        self.assertTrue(strict.crm_suite_feedback_complaint_id)
        self.company.crm_suite_feedback_low_rating = 0
        unhappy = self._delivered_job()
        self._answer_request(unhappy, 1)
        self.assertFalse(unhappy.crm_suite_feedback_complaint_id, "0: no rating opens a complaint")

    def test_a_top_rating_asks_for_a_review_once(self):
        job = self._delivered_job()
        self._answer_request(job, 5)
        self.assertTrue(job.crm_suite_review_requested)
        reviews = self._messages_to_customer(job, "https://g.page/r/speedy/review")
        self.assertEqual(len(reviews), 1)
        job.sudo().rating_apply(5, token=self._ratings(job).access_token)
        reviews = self._messages_to_customer(job, "https://g.page/r/speedy/review")
        self.assertEqual(len(reviews), 1, "asked once")
        self.company.crm_suite_review_url = False
        other = self._delivered_job()
        self._answer_request(other, 5)
        self.assertFalse(other.crm_suite_review_requested, "no review page set: nothing to ask")

    def test_a_rating_after_the_complaint_goes_on_the_complaint_and_asks_no_review(self):
        job = self._delivered_job()
        self._answer_request(job, 1, "Still squeals")
        job.sudo().rating_apply(5, token=self._ratings(job).access_token, feedback="Fixed the next day")
        complaint = job.crm_suite_feedback_complaint_id
        self.assertTrue(complaint.message_ids.filtered(lambda message: "Fixed the next day" in message.body))
        self.assertFalse(job.crm_suite_review_requested, "no review asked of a customer with a complaint")

    def test_only_the_customer_rates_and_nobody_forges_the_figures(self):
        job = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        token = self._ratings(job).access_token
        as_adviser = job.with_user(self.adviser)
        with self.assertRaises(AccessError):
            as_adviser.rating_apply(1, token=token, feedback="Invented words")
        with self.assertRaises(AccessError):
            as_adviser.write({"rating_last_value": 5})
        with self.assertRaises(AccessError):
            self._ratings(job).with_user(self.adviser).write({"rating": 5, "consumed": True})
        with self.assertRaises(AccessError):
            self.env["rating.rating"].with_user(self.adviser).create(
                {"res_model_id": self.env["ir.model"]._get_id("repair.order"), "res_id": job.id, "rating": 5}
            )
        self.assertFalse(job.crm_suite_feedback_complaint_id)
        self.assertEqual(job.rating_last_value, 0)

    def test_a_request_that_fails_is_marked_and_not_chased(self):
        job = self._delivered_job()
        with (
            patch.object(type(self.Job), "_crm_suite_send", side_effect=RuntimeError("SMS gateway down")),
            mute_logger("odoo.addons.crm_suite.batch"),
        ):
            self.Job._crm_suite_request_due_feedback()
        self.assertEqual(job.crm_suite_feedback_channel, "failed")
        with freeze_time(NOW + timedelta(days=4)):
            self.Job._chase_missing_feedback()
        self.assertFalse(job.crm_suite_feedback_chased)

    def test_the_settings_refuse_what_cannot_work(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.crm_suite_review_url = "javascript:alert(1)"
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation), self.cr.savepoint():
            self.company.crm_suite_feedback_low_rating = 5
            self.company.flush_recordset()

    def test_the_adviser_is_asked_to_call_once_when_no_rating_comes(self):
        rated, silent = self._delivered_job(), self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        rated.sudo().rating_apply(5, token=self._ratings(rated).access_token)
        with freeze_time(NOW + timedelta(days=2)):
            self.Job._chase_missing_feedback()
        self.assertFalse(silent.activity_ids.filtered(lambda a: a.activity_type_id.category == "phonecall"))
        with freeze_time(NOW + timedelta(days=3, minutes=1)):
            self.Job._chase_missing_feedback()
            self.Job._chase_missing_feedback()
        calls = silent.activity_ids.filtered(lambda a: a.activity_type_id.category == "phonecall")
        self.assertEqual((len(calls), calls.user_id), (1, self.adviser))
        self.assertFalse(rated.activity_ids.filtered(lambda a: a.activity_type_id.category == "phonecall"))

    def test_no_chasing_when_the_company_says_never_nor_of_old_requests(self):
        self.company.crm_suite_feedback_chase_days = 0
        silent = self._delivered_job()
        self.Job._crm_suite_request_due_feedback()
        with freeze_time(NOW + timedelta(days=30)):
            self.Job._chase_missing_feedback()
            self.assertFalse(silent.crm_suite_feedback_chased)
            self.company.crm_suite_feedback_chase_days = 3
            self.Job._chase_missing_feedback()
        self.assertFalse(silent.crm_suite_feedback_chased, "switched back on: last month's jobs are not chased")


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSaleFeedback(JobCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Order = cls.env["sale.order"]

    def _order(self):
        order = self.Order.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "order_line": [Command.create({"product_id": self.brake_pads.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        return order

    def _deliver_order(self, order):
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()

    def _pay(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        return invoice

    def test_a_delivered_sale_is_asked_by_default(self):
        order = self._order()
        self.Order._crm_suite_request_due_feedback()
        self.assertFalse(order.crm_suite_feedback_requested_datetime, "not delivered yet")
        self._deliver_order(order)
        self.Order._crm_suite_request_due_feedback()
        self.assertEqual(order.crm_suite_feedback_channel, "email")

    def test_when_paid_the_sale_waits_for_the_money(self):
        self.company.crm_suite_sale_feedback = "paid"
        order = self._order()
        self._deliver_order(order)
        self.Order._crm_suite_request_due_feedback()
        self.assertFalse(order.crm_suite_feedback_requested_datetime, "delivered, not paid")
        self._pay(order)
        self.Order._crm_suite_request_due_feedback()
        self.assertEqual(order.crm_suite_feedback_channel, "email")

    def test_a_corrected_invoice_counts_once_paid(self):
        self.company.crm_suite_sale_feedback = "paid"
        order = self._order()
        self._deliver_order(order)
        wrong = order._create_invoices()
        wrong.action_post()
        wrong._reverse_moves(cancel=True)  # a credit note posted and matched to it, as Odoo's "Reverse" does
        self.assertEqual(wrong.payment_state, "reversed")
        self._pay(order)
        self.Order._crm_suite_request_due_feedback()
        self.assertEqual(order.crm_suite_feedback_channel, "email")

    def test_never_asks_nothing(self):
        self.company.crm_suite_sale_feedback = "none"
        order = self._order()
        self._deliver_order(order)
        self.Order._crm_suite_request_due_feedback()
        self.assertFalse(order.crm_suite_feedback_requested_datetime)

    def test_a_job_cards_estimate_is_asked_about_as_the_job_card(self):
        job = self._job(user_id=self.adviser.id)
        self._deliver(job, DELIVERED)
        self.company.crm_suite_sale_feedback = "paid"
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=job.invoice_ids.ids
        ).create({})._create_payments()
        self.Order._crm_suite_request_due_feedback()
        self.assertFalse(job.sale_order_id.crm_suite_feedback_requested_datetime)

    def test_a_low_rating_of_a_sale_opens_a_complaint_about_the_order(self):
        order = self._order()
        order._crm_suite_request_feedback()
        token = self.env["rating.rating"].search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        order.sudo().rating_apply(1, token=token.access_token, feedback="Wrong size")
        self.assertEqual(order.crm_suite_feedback_complaint_id.sale_order_id, order)

    def test_csat_and_response_rate_by_hand(self):
        """Four job cards of two technicians and a sale; figures computed by hand below."""
        other_technician = self.technician.copy({"login": "second_technician"})
        ratings = [(self.technician, 5), (self.technician, 1), (other_technician, 5), (other_technician, None)]
        for technician, value in ratings:
            job = self._job(user_id=self.adviser.id)
            job.labour_ids.write({"technician_id": technician.id, "actual_hours": 1})
            self._deliver(job, DELIVERED)
            job._crm_suite_request_feedback()
            if value:
                token = self.env["rating.rating"].search([("res_model", "=", "repair.order"), ("res_id", "=", job.id)])
                job.sudo().rating_apply(value, token=token.access_token)
        order = self._order()
        order._crm_suite_request_feedback()
        token = self.env["rating.rating"].search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        order.sudo().rating_apply(3, token=token.access_token)
        Report = self.env["crm.suite.feedback.report"]
        Report.invalidate_model()
        by_kind = {
            kind: (count, rate, csat)
            for kind, count, rate, csat in Report._read_group(
                [("company_id", "=", self.company.id)],
                ["kind"],
                ["request_count:sum", "response_rate:avg", "csat:avg"],
            )
        }
        # Service: 4 asked, 3 answered (75%), 2 of those 4-5 (66.7%). Sale: 1 asked and answered, a 3 (0%).
        self.assertEqual(by_kind["service"][:2], (4, 75.0))
        self.assertAlmostEqual(by_kind["service"][2], 200 / 3)
        self.assertEqual(by_kind["sale"], (1, 100.0, 0.0))
        by_technician = dict(
            Report._read_group(
                [("kind", "=", "service"), ("company_id", "=", self.company.id)], ["technician_id"], ["csat:avg"]
            )
        )
        self.assertEqual(by_technician, {self.technician: 50.0, other_technician: 100.0})
        month = Report._read_group(
            [("company_id", "=", self.company.id)], ["requested_date:month"], ["request_count:sum"]
        )
        self.assertEqual(month[0][1], 5)


@tagged("post_install", "-at_install")
class TestFeedbackPage(HttpCase):
    def test_an_unhappy_customer_on_odoos_rating_page_opens_a_complaint(self):
        company = self.env.company
        customer = self.env["res.partner"].create({"name": "Meena Joshi", "email": "meena@example.com"})
        order = self.env["sale.order"].create({"partner_id": customer.id})
        order._crm_suite_request_feedback()
        token = self.env["rating.rating"].search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.authenticate(None, None)  # the customer, not logged in, holding the link
        response = self.url_open(
            f"/rate/{token.access_token}/submit_feedback",
            data={"rate": 1, "feedback": "Nobody called back", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        complaint = order.crm_suite_feedback_complaint_id
        self.assertEqual((complaint.partner_id, complaint.company_id), (customer, company))
        self.assertIn("Nobody called back", complaint.description)
        self.assertEqual(Form(complaint).channel, "feedback")


@tagged("post_install", "-at_install")
class TestFeedbackJourney(HttpCase):
    def test_from_the_rating_to_the_complaint_and_the_figures(self):
        company = self.env.ref("base.public_user").company_id
        new_company_user(
            self.env, company, "tour_feedback_adviser", "crm_suite_service.group_service_adviser", name="Tour Adviser"
        )
        technician = new_company_user(
            self.env,
            company,
            "tour_feedback_technician",
            "crm_suite_service.group_service_technician",
            name="Tour Feedback Technician",
        )
        customer = self.env["res.partner"].create({"name": "Tour Rated Customer", "email": "rated@example.com"})
        labour = self.env["product.product"].create({"name": "Tour brake labour", "type": "service"})
        job = (
            self.env["repair.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": customer.id,
                    "labour_ids": [
                        Command.create({"product_id": labour.id, "technician_id": technician.id, "actual_hours": 2})
                    ],
                }
            )
        )
        job._crm_suite_request_feedback()
        job.sudo().rating_apply(1, token=job._rating_get_access_token(), feedback="Brakes still squeal")
        start_tour_and_keep_screenshot(
            self,
            f"/odoo/job-cards/{job.id}",
            "crm_suite_service_feedback",
            "feedback_analysis",
            login="tour_feedback_adviser",
        )
