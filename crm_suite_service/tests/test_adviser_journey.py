from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_suite.tests.common import new_company_user, start_tour_and_keep_screenshot, with_chart_of_accounts


@tagged("post_install", "-at_install")
class TestAdviserJourney(HttpCase):
    """From a typed number plate to the gate pass, with the customer's approval on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = with_chart_of_accounts(cls.env, cls.env.ref("base.user_admin").company_id)
        cls.customer = new_company_user(
            cls.env,
            company,
            "tour_meena",
            "base.group_portal",
            name="Tour Customer Meena",
            tz="Asia/Kolkata",
        ).partner_id
        cls.env["product.product"].create(
            {
                "name": "Tour Electrical Check",
                "type": "service",
                "list_price": 700,
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.adviser = new_company_user(
            cls.env,
            company,
            "tour_adviser",
            "crm_suite_service.group_service_adviser,account.group_account_invoice",
            name="Tour Adviser",
        )

    def test_typed_number_plate_to_gate_pass(self):
        start_tour_and_keep_screenshot(
            self, "/odoo/job-cards", "crm_suite_service_adviser_intake", "job_card_form", login="tour_adviser"
        )
        job = self.env["repair.order"].search([("service_asset_id.registration_number", "=", "GJ05TR0351")])
        self.assertEqual(job.partner_id, self.customer)
        self.assertEqual(job.service_asset_id.name, "Royal Enfield Classic 350 (GJ05TR0351)")
        self.assertEqual(job.sale_order_id.state, "sent")
        self.assertEqual(job.sale_order_id.amount_total, 1050)

        self.start_tour("/my/job-cards", "crm_suite_service_customer_approves", login="tour_meena")
        self.assertEqual((job.state, job.approval_method), ("confirmed", "signature"))

        start_tour_and_keep_screenshot(
            self, f"/odoo/job-cards/{job.id}", "crm_suite_service_adviser_delivery", "gate_pass", login="tour_adviser"
        )
        self.assertEqual(job.service_stage, "delivered")
        invoice = job.invoice_ids
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 1050))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(job.checkin_odometer, 15230)
        self.assertEqual(job.problem_ids.name, "Headlight flickers")

    def test_the_workshop_kanban(self):
        labour = self.env["product.product"].search([("name", "=", "Tour Electrical Check")])
        company = self.adviser.company_id
        for plate, step in (("KA05KB1001", None), ("KA05KB1002", "estimate"), ("KA05KB1003", "approve")):
            bike = (
                self.env["crm.suite.service.asset"]
                .with_company(company)
                .create(
                    {"partner_id": self.customer.id, "make": "Bajaj", "model": "Chetak", "registration_number": plate}
                )
            )
            job = (
                self.env["repair.order"]
                .with_company(company)
                .create(
                    {
                        "service_asset_id": bike.id,
                        "promised_datetime": fields.Datetime.now() + timedelta(hours=6),
                        "labour_ids": [Command.create({"product_id": labour.id})],
                    }
                )
            )
            if step:
                job.action_send_estimate()
            if step == "approve":
                job._record_approval("in_person")
        start_tour_and_keep_screenshot(
            self, "/odoo/job-cards", "crm_suite_service_job_cards_kanban", "job_cards_kanban", login="tour_adviser"
        )
