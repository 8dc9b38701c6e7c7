from odoo import Command
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_suite.tests.common import new_company_user, start_tour_and_keep_screenshot, with_chart_of_accounts


@tagged("post_install", "-at_install")
class TestCareTeamJourney(HttpCase):
    """A complaint from the public form, the portal and an email, answered in the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = with_chart_of_accounts(cls.env, cls.env.ref("base.public_user").company_id)
        cls.care = new_company_user(
            cls.env,
            company,
            "tour_care_agent",
            "crm_suite_service.group_service_adviser,account.group_account_invoice",
            name="Tour Care Agent",
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Tour Fan Buyer", "email": "fan.buyer@example.com", "company_id": False}
        )
        cls.fan, cls.grinder = cls.env["product.product"].create(
            [
                {"name": "Tour Table Fan", "list_price": 1800, "taxes_id": [Command.clear()]},
                {"name": "Tour Mixer Grinder", "list_price": 3200, "taxes_id": [Command.clear()]},
            ]
        )
        cls.invoice = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.buyer.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": cls.grinder.id, "quantity": 3, "tax_ids": [Command.clear()]}),
                        Command.create({"product_id": cls.fan.id, "quantity": 1, "tax_ids": [Command.clear()]}),
                    ],
                }
            )
        )
        cls.invoice.action_post()

    def test_public_complaint_answered_refunded_and_closed(self):
        self.authenticate(None, None)
        self.url_open(
            "/complaint",
            data={
                "contact_name": "Tour Fan Buyer",
                "email": "FAN.buyer@example.com",
                "name": "Table fan wobbles",
                "description": "The new table fan wobbles at full speed.",
                "csrf_token": Request.csrf_token(self),
            },
        )
        complaint = self.env["crm.suite.complaint"].search([("name", "=", "Table fan wobbles")])
        self.assertFalse(complaint.partner_id, "bound to no customer until the address is confirmed")
        self.url_open(
            f"/complaint/confirm/{complaint.id}",
            data={"token": complaint.access_token, "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(complaint.partner_id, self.buyer, "the confirmed email is the known customer")
        self.assertEqual(complaint.company_id, self.env.ref("base.public_user").company_id)
        complaint.write({"product_id": self.fan.id, "invoice_id": self.invoice.id, "user_id": self.care.id})
        # The same desk gets complaints by email (the team alias's gateway) and from the portal.
        emailed = (
            self.env["crm.suite.complaint"]
            .with_company(complaint.company_id)
            .message_new({"subject": "Iron leaves stains", "email_from": "Iron Owner <iron.owner@example.com>"})
        )
        self.assertRecordValues(
            emailed,
            [
                {
                    "channel": "email",
                    "partner_id": False,
                    "email_from": "iron.owner@example.com",
                    "contact_name": "Iron Owner",
                }
            ],
        )
        portal_buyer = new_company_user(
            self.env,
            complaint.company_id,
            "tour_kettle_buyer",
            "base.group_portal",
            name="Tour Kettle Buyer",
        )
        self.authenticate(portal_buyer.login, portal_buyer.login)
        self.url_open(
            "/my/complaints/new",
            data={
                "name": "Kettle leaks at the base",
                "description": "Water on the counter after every use.",
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertTrue(self.env["crm.suite.complaint"].search([("partner_id", "=", portal_buyer.partner_id.id)]))

        start_tour_and_keep_screenshot(
            self, "/odoo/complaints", "crm_suite_service_care_team", "complaints_kanban", login="tour_care_agent"
        )

        reply = complaint.message_ids.filtered(lambda message: "we refund one fan" in (message.body or ""))
        self.assertEqual(reply.message_type, "comment")
        self.assertIn(self.buyer, reply.notified_partner_ids, "the reply went to the customer")
        self.assertTrue(complaint.first_response_datetime, "the reply is the first response")
        credit_note = complaint.credit_note_id
        self.assertEqual((credit_note.state, credit_note.amount_total), ("posted", 900))
        self.assertEqual(complaint.resolution_cost, 900)
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.resolution_type, "refund")
        rating_request = complaint.message_ids.filtered(lambda message: "How did we handle" in (message.subject or ""))
        self.assertTrue(rating_request, "closing asks the customer to rate the answer")
