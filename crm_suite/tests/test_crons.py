from odoo.tests import TransactionCase, tagged

from .common import CronCadenceMixin


@tagged("post_install", "-at_install")
class TestCrmSuiteCrons(CronCadenceMixin, TransactionCase):
    CRONS = {
        "crm_suite.ir_cron_send_greetings": (1, "hours"),  # hourly: every time zone greeted on its own day
        "crm_suite.ir_cron_recompute_segmentation": (1, "days"),  # nightly
    }
    COMMITTING_BATCHES_UNDER_A_LOCK = frozenset({"crm_suite.ir_cron_recompute_segmentation"})
