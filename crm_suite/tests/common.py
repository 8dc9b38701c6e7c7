from contextlib import nullcontext
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import ChromeBrowser


def create_crm_suite_user(env, login, manager=False, personal_data=False):
    """An internal user holding only the CRM Suite groups under test."""
    groups = ["base.group_user", "crm_suite.group_crm_suite_manager" if manager else "crm_suite.group_crm_suite_user"]
    if personal_data:
        groups.append("crm_suite.group_crm_suite_personal_data")
    return new_test_user(env, login=login, groups=",".join(groups), name=login.replace("_", " ").title())


def with_chart_of_accounts(env, company):
    """The company, with Odoo's generic chart of accounts when it has none yet (tests invoice in it)."""
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    return company


def new_company_user(env, company, login, groups, **values):
    """A test user working in ``company`` only, named after its login unless told otherwise."""
    values.setdefault("name", login.replace("_", " ").title())
    return new_test_user(
        env, login=login, groups=groups, company_id=company.id, company_ids=[Command.set(company.ids)], **values
    )


def web_client_specification(records, view_xmlid):
    """What the web client's form reads ``records`` with, as their user gets the view: the fields the
    view shows them, many2ones with their name, and x2many lists with their columns, as many rows as
    the list shows (its ``limit``, else 40)."""
    views = records.get_views([(records.env.ref(view_xmlid).id, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    return _fields_specification(arch, records._name, views["models"])


def _fields_specification(node, model_name, models):
    specification = {}
    for field_node in _field_nodes(node):
        name = field_node.get("name")
        field_type = models[model_name]["fields"][name]["type"]
        relation = models[model_name]["fields"][name].get("relation")
        if field_type == "many2one":
            specification[name] = {"fields": {"display_name": {}}}
        elif field_type in ("one2many", "many2many") and field_node.find("list") is not None:
            sub_list = field_node.find("list")
            specification[name] = {
                "fields": _fields_specification(sub_list, relation, models),
                "limit": int(sub_list.get("limit", 40)),
            }
        elif field_type in ("one2many", "many2many"):
            specification[name] = {"fields": {"display_name": {}}}
        else:
            specification[name] = {}
    return specification


def _field_nodes(node):
    """The fields under ``node``, not those of the lists of its x2many fields."""
    for child in node:
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def start_tour_and_keep_screenshot(case, url_path, tour_name, screenshot, **kwargs):
    """Run the tour, then keep the page it ended on for README.md.

    The picture lands among Odoo's test screenshots as readme_<screenshot>_*.png;
    `make screenshots` copies the newest to docs/screenshots/<screenshot>.png.
    Odoo closes the browser as soon as the tour succeeds, so the picture is taken
    right after its success signal, before that.
    """
    wait_for_success = ChromeBrowser._wait_code_ok

    def wait_then_capture(browser, *args, **kw):
        wait_for_success(browser, *args, **kw)
        browser.take_screenshot(prefix=f"readme_{screenshot}_").result(timeout=30)

    with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_capture):
        case.start_tour(url_path, tour_name, **kwargs)


class CronCadenceMixin:
    """An add-on's scheduled actions run at the cadence README.md promises, and cleanly as the scheduler
    runs them. Mixed into a TransactionCase, which sets ``CRONS`` ({xmlid: (number, unit)})."""

    CRONS = {}
    # Odoo's loader runs only the test methods a class defines itself, unless told so.
    allow_inherited_tests_method = True
    # Jobs holding a lock on a cursor of their own while their batches commit: in a test, every cursor
    # is a savepoint in the test's transaction, and a batch's commit would release the lock's savepoint
    # under it. Their batches do not commit here (the job still commits at its end).
    COMMITTING_BATCHES_UNDER_A_LOCK = frozenset()

    def test_crons_run_at_the_promised_cadence(self):
        for xmlid, (number, unit) in self.CRONS.items():
            cron = self.env.ref(xmlid)
            self.assertTrue(cron.active, xmlid)
            self.assertEqual((cron.interval_number, cron.interval_type), (number, unit), xmlid)

    def test_crons_run_cleanly_as_the_scheduler_runs_them(self):
        for xmlid in self.CRONS:
            cron = self.env.ref(xmlid)
            batches_commit = (
                patch.object(self.registry["ir.cron"], "_commit_progress", return_value=0.0)
                if xmlid in self.COMMITTING_BATCHES_UNDER_A_LOCK
                else nullcontext()
            )
            with self.subTest(cron=xmlid), self.enter_registry_test_mode(), batches_commit:
                # A job that logs an error returns Odoo's error dialog instead of True.
                self.assertIs(cron.method_direct_trigger(), True)
            self.assertEqual(cron.lastcall.date(), self.env.cr.now().date(), xmlid)
