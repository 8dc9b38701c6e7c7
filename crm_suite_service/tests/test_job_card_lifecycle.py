from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_suite.tests.common import new_company_user

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
        self.assertEqual((job.state, job.service_stage), ("confirmed", "approved"))
        self.assertEqual(job.approval_method, "quotation", "confirming the quotation in Sales is the approval")
        job.action_repair_start()
        self.assertEqual(job.service_stage, "in_progress")
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

    def test_ready_on_whatsapp_for_a_customer_who_prefers_it(self):
        self.customer.write({"phone": "+91 98200 66666", "preferred_channel": "whatsapp", "consent_whatsapp": True})
        job = self._job()
        self._approve(job)
        job.action_repair_start()
        job.action_repair_end()
        self.assertTrue(job.message_ids.filtered(lambda message: "is ready for pickup" in (message.subject or "")))
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", self.customer.id)]), "WhatsApp, not SMS")
        message = self.env["crm.suite.whatsapp.message"].search(
            [("res_model", "=", "repair.order"), ("res_id", "=", job.id)]
        )
        self.assertIn("is ready for pickup", message.body)
        self.assertEqual(message.number, "919820066666")
        self.assertIn(message.link, str(job.activity_ids.filtered(lambda a: "WhatsApp" in a.summary).note))

    def test_kanban_stage_runs_the_repair_step(self):
        job = self._job()
        self._approve(job)
        job.service_stage = "in_progress"
        self.assertEqual(job.state, "under_repair")
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
        for wrong in ("1850", "20x4", "2999"):
            with self.assertRaises(ValidationError):
                self.bike.year = wrong
        self.bike.year = "2024"
        self.assertEqual(self.bike.year, "2024")
        self.assertFalse(self.bike.copy({"registration_number": "MH12XY4322", "year": False}).year)

    def test_typed_registration_finds_and_creates_the_vehicle(self):
        Asset = self.env["crm.suite.service.asset"].with_user(self.adviser)
        self.assertEqual(Asset.name_search("mh 12 xy 43"), [(self.bike.id, self.bike.display_name)])
        new_id, new_name = Asset.with_context(default_partner_id=self.customer.id).name_create("mh 14 ab 9999")
        self.assertEqual(new_name, "MH14AB9999")
        self.assertEqual(Asset.browse(new_id).registration_number, "MH14AB9999")
        again = Asset.with_context(default_partner_id=self.customer.id).name_create("MH14AB 9999")
        self.assertEqual(again[0], new_id, "a number typed twice is one vehicle")
        defaults = Asset.with_context(default_name="gj 01 zz 0007").default_get(["name", "registration_number"])
        self.assertEqual(defaults, {"registration_number": "GJ01ZZ0007"})
        for model_name in ("RX100", "CB350", "Pulsar 150"):
            self.assertEqual(Asset.with_context(default_name=model_name).default_get(["name"]), {"name": model_name})
        self.assertEqual(Asset.with_context(default_name="Blue Activa").default_get(["name"]), {"name": "Blue Activa"})

    def test_a_job_card_is_delivered_once(self):
        job = self._job()
        self._deliver(job, job.promised_datetime)
        with self.assertRaises(UserError):
            job.action_deliver()
        self.assertEqual(len(job.invoice_ids), 1)

    def test_work_waits_for_the_customers_approval(self):
        job = self._job()
        job.action_send_estimate()
        for start in (
            lambda: job.write({"service_stage": "in_progress"}),
            lambda: job.write({"service_stage": "ready"}),
            job.action_validate,
        ):
            with self.assertRaises(UserError):
                start()
        self.assertEqual((job.state, job.service_stage), ("draft", "awaiting_approval"))
        self.assertEqual(job.sale_order_id.state, "draft")

    def test_approval_by_phone_is_recorded_and_confirms_the_estimate(self):
        job = self._job()
        job.action_send_estimate()
        wizard = (
            self.env["crm.suite.service.approval"]
            .with_user(self.adviser)
            .create({"repair_id": job.id, "method": "phone", "note": "Mr Kulkarni at 10:30"})
        )
        with freeze_time(CHECKIN + timedelta(hours=1)):
            wizard.action_record()
        self.assertEqual((job.state, job.service_stage), ("confirmed", "approved"))
        self.assertEqual(job.sale_order_id.state, "sale")
        self.assertEqual(
            (job.approval_method, job.approval_user_id, job.approval_datetime, job.approval_note),
            ("phone", self.adviser, CHECKIN + timedelta(hours=1), "Mr Kulkarni at 10:30"),
        )
        self.assertIn("Mr Kulkarni at 10:30", job.message_ids[0].body)
        with self.assertRaises(UserError):
            job._record_approval("phone")

    def test_nobody_writes_an_approval_or_a_delivery_by_hand(self):
        job = self._job().with_user(self.adviser)
        for values in (
            {"approval_method": "signature"},
            {"approval_datetime": CHECKIN},
            {"delivered_datetime": CHECKIN},
            {"free_delivery_reason": "goodwill"},
        ):
            with self.assertRaises(AccessError):
                job.write(values)
        self.assertFalse(job.approval_method or job.delivered_datetime or job.free_delivery_reason)

    def test_delivery_needs_a_posted_invoice(self):
        job = self._job(move_ids=[], labour_ids=[])
        job._record_approval("in_person")
        job.action_repair_start()
        job.action_repair_end()
        with self.assertRaisesRegex(UserError, "no posted invoice"):
            job.with_user(self.adviser).action_deliver()
        self.assertFalse(job.delivered_datetime)

    def test_a_manager_delivers_without_invoice_for_a_reason(self):
        job = self._job(move_ids=[], labour_ids=[], under_warranty=True)
        job._record_approval("in_person")
        job.action_repair_start()
        job.action_repair_end()
        wizard_values = {"repair_id": job.id, "reason": "warranty", "note": "Claim W-118"}
        with self.assertRaises(AccessError):
            self.env["crm.suite.service.free.delivery"].with_user(self.adviser).create(wizard_values).action_deliver()
        with self.assertRaises(AccessError):
            job.with_user(self.adviser)._deliver_free_of_charge("warranty", "Claim W-118")
        with freeze_time(CHECKIN + timedelta(hours=9)):
            self.env["crm.suite.service.free.delivery"].with_user(self.manager).create(wizard_values).action_deliver()
        self.assertEqual(job.service_stage, "delivered")
        self.assertEqual((job.free_delivery_reason, job.free_delivery_user_id), ("warranty", self.manager))
        self.assertFalse(job.invoice_ids)

    def test_timeline_says_what_the_delivery_flag_says(self):
        on_time, late = self._job(), self._job(checkin=CHECKIN + timedelta(days=1))
        self._deliver(on_time, on_time.promised_datetime - timedelta(hours=1))
        self._deliver(late, late.promised_datetime + timedelta(hours=2))
        self.assertTrue(on_time.is_on_time)
        self.assertFalse(late.is_on_time)
        bodies = self.customer.message_ids.mapped("body")
        self.assertTrue(any(f"{on_time.name} delivered on time" in body for body in bodies))
        self.assertTrue(any(f"{late.name} delivered late" in body for body in bodies))

    def test_estimate_email_speaks_the_customers_language(self):
        self.env["res.lang"]._activate_lang("hi_IN")
        self.env.ref("base.module_crm_suite_service")._update_translations(["hi_IN"])
        self.customer.lang = "hi_IN"
        job = self._job()
        action = job.action_send_estimate()
        composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
        composer.action_send_mail()
        order = job.sale_order_id
        email = order.message_ids.filtered(lambda message: message.message_type == "comment")[:1]
        self.assertIn("देखें और स्वीकृत करें", email.body)
        self.assertIn(f"/my/orders/{order.id}", email.body)
        self.assertIn(self.customer, email.partner_ids)
        self.assertEqual(order.state, "sent")

    def test_the_job_card_is_the_only_print(self):
        prints = self.env["ir.actions.report"].search([("binding_model_id.model", "=", "repair.order")])
        self.assertEqual(prints.mapped("report_name"), ["crm_suite_service.report_job_card"])

    def test_the_approval_rule_holds_on_every_path(self):
        job = self._job()
        job.action_send_estimate()
        with self.assertRaises(UserError):
            job.write({"state": "under_repair"})
        job.sale_order_id.action_cancel()
        job.action_repair_cancel_draft()
        with self.assertRaises(UserError):
            job.action_repair_start()
        with self.assertRaises(AccessError):
            job.with_user(self.adviser).write({"sale_order_id": False})
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(self.adviser).create(
                {"service_asset_id": self.bike.id, "free_delivery_reason": "goodwill"}
            )
        unapproved = (
            self.env["repair.order"]
            .with_user(self.adviser)
            .with_context(default_approval_method="phone")
            .create({"service_asset_id": self.bike.id})
        )
        self.assertFalse(unapproved.approval_method, "no default records an approval")

    def test_a_technician_does_not_approve_an_estimate(self):
        job = self._job()
        job.action_send_estimate()
        with self.assertRaises(AccessError):
            job.sale_order_id.with_user(self.technician).action_confirm()
        self.assertEqual(job.state, "draft")

    def test_a_salesperson_without_inventory_confirms_the_estimate(self):
        seller = new_company_user(
            self.env,
            self.company,
            "plain_seller",
            "sales_team.group_sale_salesman_all_leads",
        )
        job = self._job()
        job.action_send_estimate()
        job.sale_order_id.with_user(seller).action_confirm()
        self.assertEqual((job.state, job.approval_method, job.approval_user_id), ("confirmed", "quotation", seller))

    def test_a_new_estimate_needs_a_new_approval(self):
        job = self._job()
        job.action_send_estimate()
        job._record_approval("phone")
        job.action_repair_cancel()
        job.action_repair_cancel_draft()
        self.assertFalse(job.approval_method or job.approval_datetime)

    def test_delivered_times_are_final(self):
        job = self._job()
        self._deliver(job, job.promised_datetime + timedelta(hours=3))
        self.assertFalse(job.is_on_time)
        with self.assertRaises(UserError):
            job.with_user(self.adviser).promised_datetime = job.promised_datetime + timedelta(hours=5)
        self.assertFalse(job.is_on_time)

    def test_a_zero_warranty_bill_is_no_bill(self):
        job = self._job(under_warranty=True)
        job.labour_ids.price_unit = 0
        job.action_send_estimate()
        job.sale_order_id.action_confirm()
        job.action_repair_start()
        job.action_repair_end()
        with self.assertRaisesRegex(UserError, "no posted invoice"):
            job.with_user(self.adviser).action_deliver()

    def test_free_delivery_bills_nothing(self):
        job = self._job()
        self._approve(job)
        job.action_repair_start()
        job.action_repair_end()
        job.with_user(self.manager)._deliver_free_of_charge("goodwill", "Our mistake last time")
        self.assertTrue(job.delivered_datetime)
        self.assertFalse(job.invoice_ids, "a delivery without invoice makes none")

    def test_the_job_card_form_speaks_hindi(self):
        self.env["res.lang"]._activate_lang("hi_IN")
        self.env.ref("base.module_crm_suite_service")._update_translations(["hi_IN"])
        arch = self.env["repair.order"].with_context(lang="hi_IN").get_views([(False, "form")])["views"]["form"]["arch"]
        english = [
            "Repair Reference",
            "Product to Repair",
            "Under Warranty",
            "Repair Notes",
            "Product Moves",
            "End Repair",
            "Cancel Repair",
            "Send Estimate",
            "Record Approval",
        ]
        self.assertEqual([label for label in english if f'"{label}"' in arch or f">{label}<" in arch], [])
