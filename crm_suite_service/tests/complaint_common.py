from datetime import datetime

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.mail.tests.common import MailCase

TUESDAY_9 = datetime(2026, 12, 1, 9, 0)  # UTC, as the test calendar is

INCOMING_EMAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Date: Fri, 27 Nov 2026 10:00:00 +0000
Message-ID: {msg_id}
{extra}

The ceiling fan I bought last week makes a grinding noise at every speed.
"""


class ComplaintCase(MailCase):
    """A company on UTC working hours (8-12, 13-17, Monday to Friday) with a holiday on Monday 30 November."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Complaint desk hours", "tz": "UTC", "company_id": cls.company.id}
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Test holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 11, 30, 0, 0),
                "date_to": datetime(2026, 11, 30, 23, 59, 59),
            }
        )
        cls.assignee = new_test_user(cls.env, login="complaint_agent", groups="crm_suite_service.group_service_adviser")
        cls.leader = new_test_user(cls.env, login="complaint_leader", groups="crm_suite_service.group_service_adviser")
        cls.manager = new_test_user(
            cls.env, login="complaint_manager", groups="crm_suite_service.group_service_manager"
        )
        cls.team = cls.env["crm.suite.complaint.team"].create(
            {
                "name": "Test Care",
                "alias_name": "test-care",
                "leader_id": cls.leader.id,
                "escalation_user_id": cls.manager.id,
                "escalation_delay_hours": 2,
                "resource_calendar_id": cls.calendar.id,
                "member_ids": [Command.link(cls.assignee.id)],
                "alias_domain_id": cls.mail_alias_domain.id,
            }
        )
        cls.category = cls.env.ref("crm_suite_service.complaint_category_product_defect")
        cls.env["crm.suite.sla.policy"].search([("company_id", "=", cls.company.id)]).active = False
        cls.policy = cls.env["crm.suite.sla.policy"].create(
            {
                "name": "Test defects",
                "category_ids": [Command.link(cls.category.id)],
                "response_hours": 4,
                "resolution_hours": 16,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Farhan Qureshi", "email": "farhan@example.com"})
        cls.stage_new = cls.env.ref("crm_suite_service.complaint_stage_new")
        cls.stage_waiting = cls.env.ref("crm_suite_service.complaint_stage_waiting")
        cls.stage_in_progress = cls.env.ref("crm_suite_service.complaint_stage_in_progress")
        cls.stage_resolved = cls.env.ref("crm_suite_service.complaint_stage_resolved")
        cls.stage_closed = cls.env.ref("crm_suite_service.complaint_stage_closed")

    def _confirm_address(self, complaint):
        """What the confirmation link does once its token is checked (the route is tested over HTTP)."""
        complaint.sudo()._bind_confirmed_email()

    def _complaint(self, reported=TUESDAY_9, **values):
        return self.env["crm.suite.complaint"].create(
            {
                "name": "Fan makes noise",
                "partner_id": self.customer.id,
                "category_id": self.category.id,
                "team_id": self.team.id,
                "user_id": self.assignee.id,
                "reported_datetime": reported,
                **values,
            }
        )
