from datetime import date
from urllib.parse import urlsplit

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, freeze_time, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWhatsapp(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.india = cls.env.ref("base.in")
        cls.salesperson = new_test_user(
            cls.env,
            login="whatsapp_salesperson",
            groups="crm_suite.group_crm_suite_user,crm_suite.group_crm_suite_personal_data",
        )
        cls.asha = cls.env["res.partner"].create(
            {
                "name": "Asha Patil",
                "phone": "+91 98200 12345",
                "country_id": cls.india.id,
                "preferred_channel": "whatsapp",
                "consent_whatsapp": True,
                "user_id": cls.salesperson.id,
                "tz": "Asia/Kolkata",
            }
        )
        cls.Message = cls.env["crm.suite.whatsapp.message"]

    def test_the_number_whatsapp_dials_from_the_ways_people_write_it(self):
        for phone in ("+91 98200 12345", "98200 12345", "098200-12345", "+91-9820012345"):
            with self.subTest(phone=phone):
                self.asha.phone = phone
                self.assertEqual(self.Message._whatsapp_number(self.asha), "919820012345")
        self.asha.phone = False
        with self.assertRaisesRegex(UserError, "Asha Patil has no phone number WhatsApp can reach"):
            self.Message._prepare(self.asha, "Hello")

    def test_a_blacklisted_number_gets_no_whatsapp(self):
        self.assertEqual(self.asha._crm_suite_marketing_channel(), "whatsapp")
        self.env["phone.blacklist"].sudo().add(self.asha.phone_sanitized)
        self.asha.invalidate_recordset(["phone_sanitized_blacklisted"])
        self.assertIsNone(self.asha._crm_suite_marketing_channel())

    def test_service_messages_go_where_the_customer_prefers(self):
        self.asha.email = "asha@example.com"
        self.assertEqual(self.asha._crm_suite_service_channel(), "whatsapp")
        self.asha.consent_whatsapp = False
        self.assertEqual(self.asha._crm_suite_service_channel(), "email", "WhatsApp only where they agreed to it")
        self.asha.preferred_channel = "sms"
        self.assertEqual(self.asha._crm_suite_service_channel(), "sms")
        self.env["phone.blacklist"].sudo().add(self.asha.phone_sanitized)
        self.asha.invalidate_recordset(["phone_sanitized_blacklisted"])
        self.assertEqual(self.asha._crm_suite_service_channel(), "email", "a blacklisted number is never texted")
        self.asha.email = False
        self.assertIsNone(self.asha._crm_suite_service_channel())
        self.env["phone.blacklist"].sudo().remove(self.asha.phone_sanitized)
        self.asha.invalidate_recordset(["phone_sanitized_blacklisted"])
        self.asha.preferred_channel = "email"
        self.assertEqual(self.asha._crm_suite_service_channel(), "sms", "without an address, the phone")

    def test_the_link_carries_the_number_and_the_text(self):
        message = self.Message._prepare(self.asha, "नमस्ते Asha, 10% off & more?")
        self.assertEqual(
            message._click_to_chat_url(),
            "https://wa.me/919820012345?text=%E0%A4%A8%E0%A4%AE%E0%A4%B8%E0%A5%8D%E0%A4%A4%E0%A5%87%20Asha%2C%2010%25"
            "%20off%20%26%20more%3F",
        )
        token = message.sudo().access_token
        self.assertEqual(urlsplit(message.link).path, f"/crm_suite/whatsapp/{message.id}/{token}")
        self.assertEqual(len(token), 36, "a random token per message")

    def test_sending_is_logged_on_the_timeline_once(self):
        message = self.Message._prepare(self.asha, "Your order is ready")
        action = message.with_user(self.salesperson).action_send()
        self.assertEqual(action["url"], message._click_to_chat_url())
        self.assertRecordValues(message, [{"state": "sent", "sent_uid": self.salesperson.id}])
        message.with_user(self.salesperson).action_send()  # opened again
        logged = self.asha.message_ids.filtered(lambda m: "WhatsApp message sent" in (m.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertNotIn("Your order is ready", logged.body, "the contact's timeline is every employee's")

    def test_writing_from_the_contact_starts_in_their_language(self):
        compose = self.env["crm.suite.whatsapp.compose"].with_context(default_partner_id=self.asha.id).create({})
        self.assertEqual(compose.body, "Hello Asha Patil, ")
        compose.body = "Hello Asha, your scooter is due for service."
        action = compose.action_send()
        self.assertTrue(action["url"].startswith("https://wa.me/919820012345?text=Hello%20Asha"))

    @freeze_time("2026-03-15 05:00:00")
    def test_a_greeting_goes_on_whatsapp_to_a_customer_who_prefers_it(self):
        self.env.company.write({"crm_suite_birthday_greeting": "send", "crm_suite_greeting_hour": 9})
        self.asha.birthday = date(1990, 3, 15)
        self.env["crm.suite.greeting"]._send_due_greetings()
        greeting = self.env["crm.suite.greeting"].search([("partner_id", "=", self.asha.id)])
        self.assertRecordValues(greeting, [{"channel": "whatsapp", "state": "scheduled"}])
        message = greeting.whatsapp_message_id
        self.assertEqual(message.body, f"Happy birthday, Asha Patil! Warm wishes from {self.env.company.name}.")
        self.assertEqual(greeting.activity_ids.user_id, self.salesperson)
        self.assertIn(message.link, str(greeting.activity_ids.note))
        employee = new_test_user(self.env, login="whatsapp_employee", groups="crm_suite.group_crm_suite_user")
        self.assertFalse(self.Message.with_user(employee).search([("id", "=", message.id)]), "a birthday is personal")
        message.with_user(self.salesperson).action_send()
        self.assertIn("Happy birthday", greeting.message_ids[:1].body, "the text is logged on the greeting")
        self.assertNotIn("birthday", self.asha.message_ids[:1].body)

    @freeze_time("2026-03-15 05:00:00")
    def test_without_whatsapp_consent_the_salesperson_calls(self):
        self.env.company.write({"crm_suite_birthday_greeting": "send", "crm_suite_greeting_hour": 9})
        self.asha.write({"birthday": date(1990, 3, 15), "consent_whatsapp": False})
        self.env["crm.suite.greeting"]._send_due_greetings()
        greeting = self.env["crm.suite.greeting"].search([("partner_id", "=", self.asha.id)])
        self.assertRecordValues(greeting, [{"channel": "activity", "whatsapp_message_id": False}])


@tagged("post_install", "-at_install")
class TestWhatsappLink(HttpCase):
    def test_one_click_opens_whatsapp_and_logs_it(self):
        salesperson = new_test_user(self.env, login="whatsapp_clicker", groups="crm_suite.group_crm_suite_user")
        customer = self.env["res.partner"].create(
            {"name": "Ravi", "phone": "+91 98200 54321", "preferred_channel": "whatsapp", "consent_whatsapp": True}
        )
        message = self.env["crm.suite.whatsapp.message"]._prepare(customer, "Ready for pickup")
        self.authenticate("whatsapp_clicker", "whatsapp_clicker")
        guessed = self.url_open(f"/crm_suite/whatsapp/{message.id}/not-the-token", allow_redirects=False)
        self.assertEqual(guessed.status_code, 404, "a page elsewhere cannot mark it sent")
        self.assertEqual(message.state, "to_send")
        response = self.url_open(urlsplit(message.link).path, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response.headers["Location"], "https://wa.me/919820054321?text=Ready%20for%20pickup")
        self.assertEqual((message.state, message.sent_uid), ("sent", salesperson))
        other_company = self.env["res.company"].create({"name": "Elsewhere Traders"})
        foreign = self.env["crm.suite.whatsapp.message"]._prepare(customer, "Not yours", company=other_company)
        for link in (urlsplit(foreign.link).path, f"/crm_suite/whatsapp/999999999/{message.sudo().access_token}"):
            response = self.url_open(link, allow_redirects=False)
            self.assertEqual(response.status_code, 404)
