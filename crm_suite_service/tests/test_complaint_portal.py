from odoo import Command
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = new_test_user(cls.env, login="complaint_alice", groups="base.group_portal", name="Alice Buyer")
        cls.bob = new_test_user(cls.env, login="complaint_bob", groups="base.group_portal", name="Bob Buyer")
        Complaint = cls.env["crm.suite.complaint"]
        cls.alice_complaint = Complaint.create({"name": "Alice's kettle leaks", "partner_id": cls.alice.partner_id.id})
        cls.bob_complaint = Complaint.create({"name": "Bob's iron sparks", "partner_id": cls.bob.partner_id.id})
        cls.env["account.chart.template"].try_loading("generic_coa", cls.env.company, install_demo=False)
        mixer = cls.env["product.product"].create({"name": "Tour Mixer Grinder", "list_price": 3200})
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.alice.partner_id.id,
                "invoice_line_ids": [Command.create({"product_id": mixer.id, "price_unit": 3200})],
            }
        )
        invoice.action_post()

    def test_portal_user_sees_only_their_own_complaints(self):
        self.authenticate("complaint_alice", "complaint_alice")
        listing = self.url_open("/my/complaints").text
        self.assertIn("kettle leaks", listing)
        self.assertNotIn("iron sparks", listing)
        response = self.url_open(f"/my/complaints/{self.bob_complaint.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        Complaint = self.env["crm.suite.complaint"].with_user(self.alice)
        self.assertEqual(Complaint.search([]), self.alice_complaint)

    def test_a_complaint_needs_a_subject_and_a_description(self):
        self.authenticate("complaint_bob", "complaint_bob")
        page = self.url_open(
            "/my/complaints/new", data={"name": "", "description": "", "csrf_token": Request.csrf_token(self)}
        ).text
        self.assertIn("o_crm_suite_complaint_error", page)
        self.assertEqual(self.env["crm.suite.complaint"].search_count([("partner_id", "=", self.bob.partner_id.id)]), 1)

    def test_portal_form_tour(self):
        self.start_tour("/my/home", "crm_suite_service_complaint_portal", login="complaint_alice")
        complaint = self.env["crm.suite.complaint"].search([("name", "=", "Mixer grinder stops after a minute")])
        self.assertEqual(complaint.partner_id, self.alice.partner_id)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.product_id.name, "Tour Mixer Grinder")

    def test_a_visitor_complains_through_the_public_form(self):
        self.env.ref("base.public_user").company_id.partner_id.tz = "Asia/Kolkata"
        self.authenticate(None, None)
        form = {
            "contact_name": "Walk-by Visitor",
            "email": "visitor@example.com",
            "phone": "+91 98000 11111",
            "name": "Gift voucher not honoured",
            "description": "The store refused my voucher.",
            "csrf_token": Request.csrf_token(self),
        }
        page = self.url_open("/complaint", data={**form, "email": "not-an-email"}).text
        self.assertIn("o_crm_suite_complaint_error", page)
        page = self.url_open("/complaint", data=form).text
        complaint = self.env["crm.suite.complaint"].search([("name", "=", "Gift voucher not honoured")])
        self.assertEqual((complaint.channel, complaint.partner_id.email), ("website", "visitor@example.com"))
        public_company = self.env.ref("base.public_user").company_id
        self.assertEqual(complaint.company_id, public_company, "filed under the visitors' company")
        self.assertEqual(complaint.partner_id.tz, public_company.partner_id.tz, "the business's time zone")
        self.assertIn(complaint.reference, page)
        self.url_open("/complaint", data={**form, "name": "Second visit"})
        second = self.env["crm.suite.complaint"].search([("name", "=", "Second visit")])
        self.assertEqual(second.partner_id, complaint.partner_id, "the same email is the same customer")
