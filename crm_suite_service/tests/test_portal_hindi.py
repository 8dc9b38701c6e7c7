from datetime import datetime, time, timedelta

import pytz

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_suite.tests.common import start_tour_and_keep_screenshot


@tagged("post_install", "-at_install")
class TestPortalInHindi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("hi_IN")
        cls.env["ir.module.module"].search([("name", "in", ("portal", "crm_suite_service"))])._update_translations(
            ["hi_IN"]
        )
        cls.priya = new_test_user(
            cls.env,
            login="tour_priya",
            name="Tour Priya Verma",
            groups="base.group_portal",
            lang="hi_IN",
            tz="Asia/Kolkata",
        )
        # Tomorrow at 10:30 in India.
        tomorrow = fields.Date.context_today(cls.env.user) + timedelta(days=1)
        ten_thirty = pytz.timezone("Asia/Kolkata").localize(datetime.combine(tomorrow, time(10, 30)))
        cls.promised = ten_thirty.astimezone(pytz.utc).replace(tzinfo=None)
        labour = cls.env["product.product"].create(
            {"name": "Tour AC service", "type": "service", "list_price": 1180, "taxes_id": [Command.clear()]}
        )
        car = cls.env["crm.suite.service.asset"].create(
            {
                "partner_id": cls.priya.partner_id.id,
                "asset_type": "car",
                "make": "Maruti",
                "model": "Swift",
                "registration_number": "DL3CAB1234",
            }
        )
        cls.job = cls.env["repair.order"].create(
            {
                "service_asset_id": car.id,
                "promised_datetime": cls.promised,
                "labour_ids": [Command.create({"product_id": labour.id, "estimated_hours": 2})],
            }
        )
        cls.job.action_send_estimate()
        cls.complaint = cls.env["crm.suite.complaint"].create(
            {"name": "प्रेशर कुकर की सीटी नहीं बजती", "partner_id": cls.priya.partner_id.id}
        )
        cls.complaint.response_deadline = cls.promised

    def test_customer_portal_in_hindi(self):
        start_tour_and_keep_screenshot(
            self, "/my", "crm_suite_service_portal_hindi", "portal_job_card", login="tour_priya"
        )
