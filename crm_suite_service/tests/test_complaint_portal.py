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
        own = self.url_open(f"/my/complaints/{self.alice_complaint.id}").text
        self.assertIn("kettle leaks", own)
        # Nothing over RPC: the pages read the complaint as superuser, showing only what they name.
        self.assertFalse(self.env["crm.suite.complaint"].with_user(self.alice).has_access("read"))

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

    def _public_form(self, **changes):
        self.authenticate(None, None)
        form = {
            "contact_name": "Walk-by Visitor",
            "email": "visitor@example.com",
            "phone": "+91 98000 11111",
            "name": "Gift voucher not honoured",
            "description": "The store refused my voucher.",
            "csrf_token": Request.csrf_token(self),
        }
        return self.url_open("/complaint", data={**form, **changes})

    def _confirmation_mails(self, complaint):
        return self.env["mail.mail"].search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])

    def test_a_visitor_complains_and_confirms_the_address(self):
        self.env.ref("base.public_user").company_id.partner_id.tz = "Asia/Kolkata"
        contacts = self.env["res.partner"].search_count([])
        page = self._public_form(email="not-an-email").text
        self.assertIn("o_crm_suite_complaint_error", page)
        page = self._public_form().text
        complaint = self.env["crm.suite.complaint"].search([("name", "=", "Gift voucher not honoured")])
        self.assertIn(complaint.reference, page)
        public_company = self.env.ref("base.public_user").company_id
        self.assertRecordValues(
            complaint,
            [{"channel": "website", "partner_id": False, "email_from": "visitor@example.com"}],
        )
        self.assertEqual(complaint.company_id, public_company, "filed under the visitors' company")
        self.assertEqual(self.env["res.partner"].search_count([]), contacts, "no contact before the address is proven")
        mail = self._confirmation_mails(complaint)
        self.assertEqual(mail.email_to, "visitor@example.com")
        self.assertIn(f"/complaint/confirm/{complaint.id}?token=", mail.body_html)
        self.assertNotIn("refused my voucher", mail.body_html, "nothing the sender wrote goes out from our domain")

        csrf = Request.csrf_token(self)
        self.url_open(f"/complaint/confirm/{complaint.id}", data={"token": "forged", "csrf_token": csrf})
        self.assertFalse(complaint.partner_id, "a wrong token proves nothing")
        page = self.url_open(f"/complaint/confirm/{complaint.id}?token={complaint.access_token}").text
        self.assertIn("o_crm_suite_complaint_confirm_button", page)
        self.assertFalse(complaint.partner_id, "opening the link (as a mail scanner does) confirms nothing")
        page = self.url_open(
            f"/complaint/confirm/{complaint.id}", data={"token": complaint.access_token, "csrf_token": csrf}
        ).text
        self.assertIn("o_crm_suite_complaint_confirmed", page)
        self.assertEqual(complaint.partner_id.email, "visitor@example.com")
        self.assertEqual(complaint.partner_id.tz, public_company.partner_id.tz, "the business's time zone")
        self.assertIn(complaint.partner_id, complaint.message_partner_ids)
        acknowledgement = complaint.message_ids.filtered(
            lambda message: "received your complaint" in (message.subject or "")
        )
        self.assertTrue(acknowledgement, "the acknowledgement follows the confirmation")

    def test_a_visitor_using_a_customers_address_reaches_nothing_of_theirs(self):
        customer = self.env["res.partner"].create({"name": "Known Customer", "email": "known@example.com"})
        self._public_form(email="known@example.com", description="Send this text to them from your domain")
        complaint = self.env["crm.suite.complaint"].search([("email_from", "=", "known@example.com")])
        self.assertFalse(complaint.partner_id, "bound to nobody until the owner of the address confirms")
        self.assertNotIn(customer, complaint.message_partner_ids)
        self.assertNotIn("from your domain", self._confirmation_mails(complaint).body_html)
        complaint.with_user(self.env.ref("base.user_admin")).partner_id = customer  # staff match it by hand
        self.assertIn(customer, complaint.message_partner_ids)

    def test_the_public_form_caps_lengths_and_submissions(self):
        page = self._public_form(description="x" * 5001).text
        self.assertIn("o_crm_suite_complaint_error", page)
        self.assertFalse(self.env["crm.suite.complaint"].search([("email_from", "=", "visitor@example.com")]))
        for attempt in range(3):
            self._public_form(name=f"Attempt {attempt}")
        page = self._public_form(name="One too many").text
        self.assertIn("o_crm_suite_complaint_error", page)
        self.assertEqual(self.env["crm.suite.complaint"].search_count([("email_from", "=", "visitor@example.com")]), 3)
        for attempt in range(7):
            self._public_form(name=f"Rotating {attempt}", email=f"rotating{attempt}@example.com")
        page = self._public_form(name="From the same client", email="eleventh@example.com").text
        self.assertIn("o_crm_suite_complaint_error", page, "ten an hour from one network address")
        self.assertFalse(self.env["crm.suite.complaint"].search([("email_from", "=", "eleventh@example.com")]))

    def test_a_malformed_product_gets_the_form_back(self):
        self.authenticate("complaint_alice", "complaint_alice")
        for product in ("abc", "-3", "1e9", "9" * 40):
            response = self.url_open(
                "/my/complaints/new",
                data={
                    "name": "Odd",
                    "description": "Odd",
                    "product_id": product,
                    "csrf_token": Request.csrf_token(self),
                },
            )
            self.assertEqual(response.status_code, 200, product)
            self.assertIn("o_crm_suite_complaint_error", response.text)

    def test_the_public_form_takes_names_of_100_and_subjects_of_200_characters_at_most(self):
        Complaint = self.env["crm.suite.complaint"]
        for field, limit in (("contact_name", 100), ("name", 200)):
            email = f"{field.replace('_', '.')}@example.com"
            page = self._public_form(email=email, **{field: "x" * (limit + 1)}).text
            self.assertIn("o_crm_suite_complaint_error", page, field)
            self.assertIn(f"{limit} characters at most", page, field)
            self.assertFalse(Complaint.search([("email_from", "=", email)]), field)
            self._public_form(email=email, **{field: "x" * limit})
            self.assertEqual(len(Complaint.search([("email_from", "=", email)])[field]), limit, field)

    def test_a_confirmed_visitor_becomes_a_contact_in_their_language_with_the_phone_given(self):
        self.env["res.lang"]._activate_lang("hi_IN")
        self._public_form(email="sunita.visitor@example.com", phone="+91 98000 33333")
        complaint = self.env["crm.suite.complaint"].search([("email_from", "=", "sunita.visitor@example.com")])
        self.assertEqual(complaint.contact_phone, "+91 98000 33333", "shown for staff matching it by hand")
        # The visitor reads the site in Hindi.
        self.opener.cookies.set("frontend_lang", None)
        self.opener.cookies.set("frontend_lang", "hi_IN")
        self.url_open(
            f"/complaint/confirm/{complaint.id}",
            data={"token": complaint.access_token, "csrf_token": Request.csrf_token(self)},
        )
        self.assertRecordValues(
            complaint.partner_id,
            [{"email": "sunita.visitor@example.com", "lang": "hi_IN", "phone": "+91 98000 33333"}],
        )
