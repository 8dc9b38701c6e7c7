from datetime import timedelta

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

# Every route of the suite's add-ons, as Odoo's routing map writes them: a new route fails
# test_every_route_is_fuzzed until it is added here, with the requests it must survive.
SUITE_ROUTES = {
    "/my/job-cards",
    "/my/job-cards/page/<int:page>",
    "/my/job-cards/<int:job_id>",
    "/my/complaints",
    "/my/complaints/page/<int:page>",
    "/my/complaints/new",
    "/my/complaints/<int:complaint_id>",
    "/complaint",
    "/complaint/confirm/<int:complaint_id>",
    "/my/loyalty",
    "/my/orders/<int:order_id>/accept",  # crm_suite: Odoo's, refusing a discount that awaits approval
    "/crm_suite/whatsapp/<int:message_id>/<string:token>",  # crm_suite: employees only
}
# Not "%00": Odoo's own fallback for unknown URLs fails on a NUL byte, whatever the route.
ODD_IDS = ("0", "-1", "abc", "1e3", "9" * 30, "1;DROP TABLE x")
ODD_TOKENS = ("", "x", "' OR 1=1 --", "A" * 5000, "%ff%fe")


@tagged("post_install", "-at_install")
class TestRouteFuzz(HttpCase):
    """Malformed, oversized and foreign parameters on every public and portal route: never a 500,
    never another customer's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = new_test_user(cls.env, login="fuzz_mine", groups="base.group_portal", name="Mine Customer")
        cls.other = new_test_user(cls.env, login="fuzz_other", groups="base.group_portal", name="Other Customer")
        Complaint = cls.env["crm.suite.complaint"]
        cls.my_complaint = Complaint.create({"name": "My kettle", "partner_id": cls.mine.partner_id.id})
        cls.other_complaint = Complaint.create(
            {"name": "SECRET other complaint", "partner_id": cls.other.partner_id.id, "root_cause": "SECRET cause"}
        )
        asset = cls.env["crm.suite.service.asset"].create(
            {"partner_id": cls.other.partner_id.id, "make": "Tata", "registration_number": "KA01FZ0001"}
        )
        cls.other_job = cls.env["repair.order"].create(
            {
                "service_asset_id": asset.id,
                "promised_datetime": fields.Datetime.now() + timedelta(hours=4),
                "internal_notes": "<p>SECRET note</p>",
            }
        )
        product = cls.env["product.product"].create({"name": "SECRET fuzz product", "list_price": 100})
        cls.other_quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.other.partner_id.id,
                "note": "SECRET terms",
                "order_line": [Command.create({"product_id": product.id, "discount": 90})],
            }
        )

    def _suite_routes(self):
        routes = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            if endpoint.__module__.startswith(("odoo.addons.crm_suite.", "odoo.addons.crm_suite_")):
                routes.add(rule.rule)
        return routes

    def _get(self, url, **kwargs):
        response = self.url_open(url, allow_redirects=False, **kwargs)
        self.assertLess(response.status_code, 500, url)
        self.assertNotIn("SECRET", response.text, url)
        return response

    def _post_json(self, url, params):
        response = self.url_open(url, json={"jsonrpc": "2.0", "method": "call", "params": params})
        self.assertLess(response.status_code, 500, url)
        self.assertNotIn("SECRET", response.text, url)
        return response

    def test_every_route_is_fuzzed(self):
        self.assertEqual(self._suite_routes(), SUITE_ROUTES)

    @mute_logger("odoo.http", "werkzeug")
    def test_odd_ids_pages_and_tokens_as_visitor_and_as_customer(self):
        foreign = {
            "job": self.other_job.id,
            "complaint": self.other_complaint.id,
        }
        self.other.partner_id.phone = "+91 98200 11111"
        whatsapp = self.env["crm.suite.whatsapp.message"]._prepare(self.other.partner_id, "Ready")
        for login in (None, "fuzz_mine"):
            self.authenticate(login, login)
            for base in ("/my/job-cards", "/my/complaints"):
                self._get(base)
                for page in ODD_IDS:
                    self._get(f"{base}/page/{page}")
            self._get("/my/loyalty")
            for odd in (*ODD_IDS, str(foreign["job"])):
                self._get(f"/my/job-cards/{odd}")
            for odd in (*ODD_IDS, str(foreign["complaint"])):
                self._get(f"/my/complaints/{odd}")
                self._get(f"/complaint/confirm/{odd}")
            for odd in (*ODD_IDS, str(self.other_quotation.id)):
                self._post_json(f"/my/orders/{odd}/accept", {"name": "Fuzz", "signature": "x"})
            for odd in (*ODD_IDS, str(whatsapp.id)):
                self._get(f"/crm_suite/whatsapp/{odd}/{whatsapp.sudo().access_token}")
            for token in ODD_TOKENS:
                self._get(f"/crm_suite/whatsapp/{whatsapp.id}/{token}")
                self._post_json(
                    f"/my/orders/{self.other_quotation.id}/accept",
                    {"access_token": token, "name": "Fuzz", "signature": "x"},
                )
                self._get(f"/my/job-cards/{foreign['job']}", params={"access_token": token})
                self._get(f"/my/complaints/{foreign['complaint']}", params={"access_token": token})
                self._get(f"/complaint/confirm/{foreign['complaint']}", params={"token": token})
                response = self.url_open(
                    f"/complaint/confirm/{foreign['complaint']}",
                    data={"token": token, "csrf_token": Request.csrf_token(self)},
                )
                self.assertLess(response.status_code, 500)
        self.assertEqual(self.other_complaint.partner_id, self.other.partner_id, "no confirmation rebinds it")
        self.assertEqual(whatsapp.state, "to_send", "a visitor or a customer marks no WhatsApp message sent")

    @mute_logger("odoo.http", "werkzeug")
    def test_odd_form_posts_get_the_form_back(self):
        self.authenticate(None, None)
        odd_posts = (
            {},
            {"email": "a@b.c"},
            {"contact_name": "x" * 10000, "email": "a@b.c", "name": "n", "description": "d"},
            {"contact_name": "x", "email": "@", "name": "n", "description": "d"},
            {"contact_name": "x", "email": "a@b.c", "name": "n", "description": "d" * 100000},
            {"contact_name": ["a", "b"], "email": "a@b.c", "name": "n", "description": "d", "product_id": "1"},
        )
        for post in odd_posts:
            response = self.url_open("/complaint", data={**post, "csrf_token": Request.csrf_token(self)})
            self.assertLess(response.status_code, 500, post)
        self.authenticate("fuzz_mine", "fuzz_mine")
        not_bought = self.env["product.product"].create({"name": "Never bought"})
        for product in ("x", "-1", "9" * 30, str(not_bought.id)):
            response = self.url_open(
                "/my/complaints/new",
                data={"name": "n", "description": "d", "product_id": product, "csrf_token": Request.csrf_token(self)},
            )
            self.assertEqual(response.status_code, 200, product)
            self.assertIn("o_crm_suite_complaint_error", response.text, "only products the customer bought")
