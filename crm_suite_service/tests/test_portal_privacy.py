from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

ROOT_CAUSE = "ROOTCAUSE-QX7"
INTERNAL_NOTE = "INTERNALNOTE-QX7"
PART_COST = 4321.98  # what the workshop paid for the part
REPLACEMENT_COST = 8765.43  # what the free replacement cost the business


@tagged("post_install", "-at_install")
class TestPortalPrivacy(HttpCase):
    """A customer's own job cards and complaints show on the portal without what is for the staff only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = new_test_user(cls.env, login="privacy_alice", groups="base.group_portal", name="Alice Private")
        leader = new_test_user(cls.env, login="privacy_leader", groups="crm_suite_service.group_service_adviser")
        team = cls.env["crm.suite.complaint.team"].create({"name": "Privacy Care", "leader_id": leader.id})
        kettle = cls.env["product.product"].create(
            {"name": "Privacy kettle", "list_price": 15000, "standard_price": REPLACEMENT_COST}
        )
        cls.complaint = cls.env["crm.suite.complaint"].create(
            {
                "name": "Kettle trips the fuse",
                "partner_id": cls.alice.partner_id.id,
                "product_id": kettle.id,
                "team_id": team.id,
                "root_cause": ROOT_CAUSE,
            }
        )
        cls.complaint.action_escalate()
        cls.complaint.action_replace()
        cls.complaint.replacement_order_id.action_confirm()
        part = cls.env["product.product"].create(
            {"name": "Privacy chain set", "is_storable": True, "list_price": 9000, "standard_price": PART_COST}
        )
        labour = cls.env["product.product"].create({"name": "Privacy labour", "type": "service", "list_price": 400})
        bike = cls.env["crm.suite.service.asset"].create(
            {"partner_id": cls.alice.partner_id.id, "make": "Bajaj", "registration_number": "KA01PV0001"}
        )
        cls.job = cls.env["repair.order"].create(
            {
                "service_asset_id": bike.id,
                "promised_datetime": fields.Datetime.now() + timedelta(hours=6),
                "internal_notes": f"<p>{INTERNAL_NOTE}</p>",
                "problem_ids": [Command.create({"name": "Chain slack"})],
                "move_ids": [Command.create({"product_id": part.id, "product_uom_qty": 1, "repair_line_type": "add"})],
                "labour_ids": [Command.create({"product_id": labour.id, "estimated_hours": 1})],
            }
        )
        cls.job.action_send_estimate()

    def test_her_own_pages_hide_internal_notes_costs_root_causes_and_escalation(self):
        # What is hidden is really there on her records.
        self.assertEqual(self.complaint.escalation_level, 1)
        self.assertEqual(self.complaint.resolution_cost, REPLACEMENT_COST)
        self.assertIn(INTERNAL_NOTE, str(self.job.internal_notes))
        self.authenticate("privacy_alice", "privacy_alice")
        pages = {
            "/my": None,
            "/my/complaints": self.complaint.reference,
            f"/my/complaints/{self.complaint.id}": "Kettle trips the fuse",
            "/my/job-cards": self.job.name,
            f"/my/job-cards/{self.job.id}": "Chain slack",
        }
        for url, own_content in pages.items():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            html = response.text
            if own_content:
                self.assertIn(own_content, html, f"{url} shows her own record")
            for secret in (ROOT_CAUSE, INTERNAL_NOTE, "4321.98", "4,321.98", "8765.43", "8,765.43"):
                self.assertNotIn(secret, html, url)
            self.assertNotIn("escalat", html.lower(), url)
