from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CHECKIN, JobCardCase


@tagged("post_install", "-at_install")
class TestJobCardLifecycle(JobCardCase):
    def test_intake_to_paid_invoice(self):
        env = self.env(user=self.adviser)
        with freeze_time(CHECKIN):
            with Form(env["repair.order"], view="repair.view_repair_order_form") as intake:
                intake.service_asset_id = self.bike.with_env(env)
                intake.promised_datetime = CHECKIN + timedelta(hours=8)
                intake.checkin_odometer = 12500
                intake.fuel_level = "half"
                with intake.problem_ids.new() as problem:
                    problem.name = "Brakes squeal"
                    problem.tag_id = self.brakes
                with intake.labour_ids.new() as labour:
                    labour.product_id = self.labour
                    labour.estimated_hours = 2
                    labour.technician_id = self.technician
            job = intake.record
        self.assertEqual(job.partner_id, self.customer, "the asset's owner is the customer")
        self.assertEqual(job.service_stage, "received")
        self.assertEqual(job.checklist_line_ids.mapped("name"), ["Test brakes check", "Test horn check"])
        self.assertEqual(self.bike.odometer, 12500)
        self.assertEqual(job.technician_ids, self.technician)
        self.assertIn(job.name, self.customer.message_ids[0].body, "the job card is on the customer's timeline")
        job.move_ids = [(0, 0, {"product_id": self.brake_pads.id, "product_uom_qty": 1, "repair_line_type": "add"})]

        job.action_send_estimate()
        order = job.sale_order_id
        self.assertEqual(job.service_stage, "awaiting_approval")
        self.assertTrue(order.require_signature)
        lines = {line.product_id: (line.product_uom_qty, line.price_unit) for line in order.order_line}
        self.assertEqual(lines, {self.labour: (2, 500), self.brake_pads: (1, 300)})

        order.action_confirm()
        self.assertEqual((job.state, job.service_stage), ("confirmed", "in_progress"))
        job.action_repair_start()
        job.labour_ids.actual_hours = 2.5
        self.assertEqual(job.labour_ids.hours_variance, 0.5)
        job.action_quality_check()
        self.assertEqual(job.service_stage, "quality_check")
        with freeze_time(CHECKIN + timedelta(hours=6)):
            job.action_repair_end()
        self.assertEqual((job.state, job.service_stage), ("done", "ready"))
        part_move = job.move_ids.filtered(lambda move: move.product_id == self.brake_pads)
        self.assertEqual(part_move.state, "done")
        self.assertEqual(self.brake_pads.with_context(warehouse_id=self.warehouse.id).qty_available, 9)

        with freeze_time(CHECKIN + timedelta(hours=7)):
            job.action_deliver()
        self.assertEqual(job.service_stage, "delivered")
        self.assertTrue(job.is_on_time)
        self.assertEqual(job.turnaround_hours, 7)
        invoice = job.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            sorted((line.product_id.name, line.quantity, line.price_subtotal) for line in invoice.invoice_line_ids),
            [("Brake pads", 1, 300), ("General service labour", 2, 1000)],
        )
        self.assertEqual(invoice.amount_total, 1300)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.bike.last_service_date, (CHECKIN + timedelta(hours=7)).date())

    def test_ready_notification_by_email_and_sms(self):
        job = self._job()
        self._approve(job)
        job.action_repair_start()
        job.action_repair_end()
        email = job.message_ids.filtered(lambda message: "is ready for pickup" in (message.subject or ""))
        self.assertEqual(email.partner_ids, self.customer)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertIn("is ready for pickup", sms.body)

    def test_kanban_stage_runs_the_repair_step(self):
        job = self._job()
        job.service_stage = "in_progress"
        self.assertEqual(job.state, "confirmed")
        job.service_stage = "ready"
        self.assertEqual((job.state, job.service_stage), ("done", "ready"))
        with self.assertRaises(UserError):
            job.service_stage = "diagnosing"
        job.service_stage = "delivered"
        self.assertTrue(job.delivered_datetime)

    def test_delivery_needs_the_work_done(self):
        job = self._job()
        with self.assertRaises(UserError):
            job.action_deliver()
        self.assertFalse(job.delivered_datetime)

    def test_asset_of_another_customer_is_refused(self):
        stranger = self.env["res.partner"].create({"name": "Someone Else"})
        with self.assertRaises(ValidationError):
            self._job(partner_id=stranger.id)

    def test_labour_added_after_the_estimate_joins_the_quotation(self):
        job = self._job()
        job.action_send_estimate()
        job.labour_ids.estimated_hours = 3
        extra = job.labour_ids.create({"repair_id": job.id, "product_id": self.labour.id, "estimated_hours": 1})
        self.assertEqual(job.labour_ids[0].sale_line_id.product_uom_qty, 3)
        self.assertEqual(extra.sale_line_id.order_id, job.sale_order_id)
        extra.unlink()
        self.assertEqual(len(job.sale_order_id.order_line.filtered(lambda line: line.product_id == self.labour)), 1)

    def test_gate_pass_and_job_card_render(self):
        job = self._job()
        self._deliver(job, CHECKIN + timedelta(hours=5))
        html = self.env["ir.actions.report"]._render_qweb_html("crm_suite_service.action_report_job_card", job.ids)[0]
        self.assertIn(b"Brakes squeal", html)
        self.assertIn(b"Test brakes check", html)
        self.assertIn(job.name.encode(), html)
        content, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "crm_suite_service.action_report_gate_pass", job.ids
        )
        self.assertIn(b"Gate Pass", content)
        self.assertIn(job.invoice_ids.name.encode(), content)
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.assertEqual(job.action_print_gate_pass()["report_name"], "crm_suite_service.report_gate_pass")

    def test_registration_numbers_are_normalised_and_unique(self):
        self.assertEqual(self.bike.registration_number, "MH12XY4321")
        self.assertEqual(self.bike.name, "Bajaj Pulsar 150 (MH12XY4321)")
        with self.assertRaises(ValidationError):
            self.bike.registration_number = "MH 12 / XY"

    def test_odometer_cannot_go_back(self):
        self._job(odometer=12000)
        with self.assertRaises(ValidationError):
            self._job(checkin=CHECKIN + timedelta(days=10), odometer=11000)

    def test_a_model_year_must_be_a_real_year(self):
        with self.assertRaises(ValidationError):
            self.bike.year = 1850
        self.bike.year = 2024
        self.assertEqual(self.bike.year, 2024)

    def test_a_job_card_is_delivered_once(self):
        job = self._job()
        self._deliver(job, job.promised_datetime)
        with self.assertRaises(UserError):
            job.action_deliver()
        self.assertEqual(len(job.invoice_ids), 1)
