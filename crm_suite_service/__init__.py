from . import controllers
from . import demo
from . import models
from . import report
from . import wizard


def uninstall_hook(env):
    """Give Odoo's Repair Order report back its place in the print menu."""
    env.ref("repair.action_report_repair_order").create_action()
