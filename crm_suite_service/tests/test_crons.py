from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_suite.tests.common import CronCadenceMixin


@tagged("post_install", "-at_install")
class TestServiceCrons(CronCadenceMixin, TransactionCase):
    CRONS = {
        "crm_suite_service.ir_cron_promise_warnings": (15, "minutes"),
        "crm_suite_service.ir_cron_complaint_escalation": (15, "minutes"),
        "crm_suite_service.ir_cron_service_reminders": (1, "days"),
    }
