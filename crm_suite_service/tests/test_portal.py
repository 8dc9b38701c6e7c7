import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

# A 1x1 white PNG: the customer's drawn signature.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4b50000000049454e44ae426082"
    )
).decode()


@tagged("post_install", "-at_install")
class TestJobCardPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = new_test_user(cls.env, login="job_portal_alice", groups="base.group_portal", name="Alice Rider")
        cls.bob = new_test_user(cls.env, login="job_portal_bob", groups="base.group_portal", name="Bob Driver")
        labour = cls.env["product.product"].create({"name": "Portal test labour", "type": "service", "list_price": 400})
        Asset = cls.env["crm.suite.service.asset"]
        cls.alice_bike = Asset.create(
            {
                "partner_id": cls.alice.partner_id.id,
                "make": "TVS",
                "model": "Apache",
                "registration_number": "KA01PT0001",
            }
        )
        cls.bob_car = Asset.create(
            {
                "partner_id": cls.bob.partner_id.id,
                "asset_type": "car",
                "make": "Tata",
                "model": "Nexon",
                "registration_number": "KA01PT0002",
            }
        )
        now = fields.Datetime.now()

        def job(asset):
            return cls.env["repair.order"].create(
                {
                    "service_asset_id": asset.id,
                    "promised_datetime": now + timedelta(hours=6),
                    "problem_ids": [Command.create({"name": f"{asset.model} rattles"})],
                    "labour_ids": [Command.create({"product_id": labour.id, "estimated_hours": 1})],
                }
            )

        cls.alice_job = job(cls.alice_bike)
        cls.bob_job = job(cls.bob_car)

    def _estimate(self, job):
        job.action_send_estimate()
        return job.sale_order_id

    def test_customer_approves_the_estimate_from_the_emailed_link(self):
        order = self._estimate(self.alice_job)
        self.assertEqual(self.alice_job.service_stage, "awaiting_approval")
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order._portal_ensure_token(), "name": "Alice Rider", "signature": SIGNATURE},
        )
        self.assertNotIn("error", result)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Alice Rider")
        self.assertEqual((self.alice_job.state, self.alice_job.service_stage), ("confirmed", "approved"))
        self.assertEqual(self.alice_job.approval_method, "signature")

    def test_customer_rejects_the_estimate_from_the_emailed_link(self):
        order = self._estimate(self.alice_job)
        self.authenticate(None, None)
        self.url_open(
            f"/my/orders/{order.id}/decline",
            data={
                "access_token": order._portal_ensure_token(),
                "decline_message": "Too expensive, I will come back next month",
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(order.state, "cancel")
        self.assertEqual((self.alice_job.state, self.alice_job.service_stage), ("cancel", "cancelled"))
        self.assertTrue(self.alice_job.activity_ids, "the adviser is asked to call the customer")

    def test_portal_user_sees_only_their_own_job_cards(self):
        self.authenticate("job_portal_alice", "job_portal_alice")
        listing = self.url_open("/my/job-cards").text
        self.assertIn(self.alice_job.name, listing)
        self.assertNotIn(self.bob_job.name, listing)
        page = self.url_open(f"/my/job-cards/{self.alice_job.id}").text
        self.assertIn("Apache rattles", page)
        response = self.url_open(f"/my/job-cards/{self.bob_job.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("Nexon rattles", response.text)
        # Over RPC, nothing: internal notes, costs and other fields stay with the staff.
        for model in ("repair.order", "crm.suite.service.asset", "crm.suite.service.problem"):
            self.assertFalse(self.env[model].with_user(self.alice).has_access("read"), model)

    def test_the_owner_reads_and_posts_on_the_job_cards_chatter(self):
        self.authenticate("job_portal_alice", "job_portal_alice")
        page = self.url_open(f"/my/job-cards/{self.alice_job.id}").text
        self.assertIn(f'data-pid="{self.alice.partner_id.id}"', page)
        hash_token = self.alice_job._sign_token(self.alice.partner_id.id)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "repair.order",
                "thread_id": self.alice_job.id,
                "post_data": {"body": "Can you also check the horn?", "message_type": "comment"},
                "hash": hash_token,
                "pid": self.alice.partner_id.id,
            },
        )
        posted = self.alice_job.message_ids.filtered(lambda message: "check the horn" in str(message.body))
        self.assertEqual(posted.author_id, self.alice.partner_id)

    def test_a_customer_cannot_deliver_their_own_job_card(self):
        with self.assertRaises(AccessError):
            self.alice_job.with_user(self.alice).action_deliver()
        self.assertFalse(self.alice_job.delivered_datetime)

    def test_portal_home_counts_job_cards(self):
        self.authenticate("job_portal_bob", "job_portal_bob")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["job_card_count"]})
        self.assertEqual(counters["job_card_count"], 1)
