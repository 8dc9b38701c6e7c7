"""Uninstalling any CRM Suite module leaves Odoo working.

Each case runs in its own copy of the test database (see conftest.py) through
Odoo's own command line, as an administrator would.
"""

import json
import subprocess
import sys

import pytest

from odoo.tools import config

CHECK_SCRIPT = """
import json
modules = env["ir.module.module"].search([("name", "like", "crm_suite%")])
partner_views = env["res.partner"].get_views([(False, "form"), (False, "list"), (False, "search")])
menus = env["ir.ui.menu"].load_web_menus(debug=False)
env["res.partner"].search([], limit=5).read(["display_name"])
print("RESULT " + json.dumps({
    "states": {module.name: module.state for module in modules},
    "views": sorted(partner_views["views"]),
    "menu_xmlids": sorted(menu.get("xmlid") or "" for menu in menus.values()),
    "suite_models": env["ir.model"].search_count([("model", "=like", "crm.suite.%")]),
    "repair_order_printable": bool(env.ref("repair.action_report_repair_order").binding_model_id),
}))
"""

DEPENDENTS = {
    "crm_suite": (
        "crm_suite",
        "crm_suite_loyalty",
        "crm_suite_service",
        "crm_suite_marketing",
        "crm_suite_service_loyalty",
        "crm_suite_credit",
    ),
    "crm_suite_loyalty": ("crm_suite_loyalty", "crm_suite_marketing", "crm_suite_service_loyalty"),
    "crm_suite_service": ("crm_suite_service", "crm_suite_service_loyalty"),
    "crm_suite_marketing": ("crm_suite_marketing",),
    "crm_suite_service_loyalty": ("crm_suite_service_loyalty",),
    "crm_suite_credit": ("crm_suite_credit",),
}


def _odoo(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "odoo", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


@pytest.mark.parametrize("module", sorted(DEPENDENTS))
def test_uninstall_leaves_odoo_working(module, uninstall_database):
    database = uninstall_database(module)
    uninstall = _odoo("module", "uninstall", "-c", config["config"], "-d", database, module)
    assert uninstall.returncode == 0, uninstall.stderr[-3000:]

    check = _odoo("shell", "-c", config["config"], "-d", database, "--no-http", stdin=CHECK_SCRIPT)
    assert check.returncode == 0, check.stderr[-3000:]
    (line,) = [line for line in check.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(line.removeprefix("RESULT "))

    for gone in DEPENDENTS[module]:
        assert result["states"][gone] == "uninstalled"
    kept = set(DEPENDENTS["crm_suite"]) - set(DEPENDENTS[module])
    assert all(result["states"][name] == "installed" for name in kept)
    assert result["views"] == ["form", "list", "search"]
    assert not any(xmlid.startswith(f"{module}.") for xmlid in result["menu_xmlids"])
    assert "contacts.menu_contacts" in result["menu_xmlids"]
    if module == "crm_suite":
        assert result["suite_models"] == 0
    if "crm_suite_service" in DEPENDENTS[module]:
        assert result["repair_order_printable"], "Repairs' own print comes back"
