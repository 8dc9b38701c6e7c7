"""The test runner's own rules: what counts as passed, failed and skipped."""

import importlib.util
from pathlib import Path

import pytest

SUITE_PATH = Path(__file__).resolve().parent.parent / "tools" / "suite.py"


@pytest.fixture(scope="module")
def suite():
    spec = importlib.util.spec_from_file_location("crm_suite_tooling", SUITE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _log(*lines):
    return "\n".join(f"2026-11-24 18:40:31,511 6354 {line}" for line in lines) + "\n"


SUMMARY = "INFO crm_suite_test odoo.tests.result: 0 failed, 0 error(s) of 12 tests when loading database 'x'"


def test_clean_log_counts_every_test_as_passed(suite):
    result = suite.OdooLogResult(_log(SUMMARY))
    assert (result.passed, result.failed, result.problems) == (12, 0, [])


def test_failures_and_errors_are_failed(suite):
    line = "ERROR crm_suite_test odoo.tests.result: 2 failed, 1 error(s) of 12 tests when loading database 'x'"
    result = suite.OdooLogResult(_log(line))
    assert (result.passed, result.failed) == (9, 3)


def test_skipped_browser_test_fails_the_run(suite):
    skip = "INFO crm_suite_test odoo.addons.crm_suite.tests.test_ui: skipped test_tour : Chrome executable not found"
    result = suite.OdooLogResult(_log(skip, SUMMARY))
    assert (result.passed, result.failed) == (11, 1)
    assert "skipped" in result.problems[0]


def test_error_line_outside_tests_is_a_problem(suite):
    error = "ERROR crm_suite_test odoo.modules.registry: Failed to load registry"
    assert suite.OdooLogResult(_log(error, SUMMARY)).problems


def test_warning_about_the_suite_is_a_problem(suite):
    warning = "WARNING crm_suite_test odoo.modules.loading: Module crm_suite demo data failed to install"
    assert suite.OdooLogResult(_log(warning, SUMMARY)).problems


def test_warning_about_odoo_itself_is_not_ours_to_fail_on(suite):
    warning = "WARNING crm_suite_test odoo.modules.module: addons path is not a directory: x"
    assert not suite.OdooLogResult(_log(warning, SUMMARY)).problems


def test_missing_summary_means_the_install_failed(suite):
    result = suite.OdooLogResult(_log("CRITICAL crm_suite_test odoo.service.server: Failed to initialize"))
    assert result.problems and result.passed == 0


def test_junit_skips_count_as_failed(suite, tmp_path):
    report = tmp_path / "report.xml"
    report.write_text('<testsuites><testsuite tests="5" failures="1" errors="0" skipped="1"/></testsuites>')
    result = suite.JUnitResult(report)
    assert (result.passed, result.failed) == (3, 2)


def test_manifest_naming_the_views_file_gets_it(suite, tmp_path):
    addon = tmp_path / "iap"
    (addon / "views").mkdir(parents=True)
    (addon / "views" / "res_config_settings.xml").write_text("<odoo/>")
    (addon / "__manifest__.py").write_text("{'data': ['views/res_config_settings_views.xml']}")
    suite.repair_manifest_paths(tmp_path)
    assert (addon / "views" / "res_config_settings_views.xml").read_text() == "<odoo/>"


@pytest.fixture(scope="module")
def readme():
    spec = importlib.util.spec_from_file_location("crm_suite_readme", SUITE_PATH.with_name("readme.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_fragments_become_rst(readme):
    assert readme.markdown_to_rst("Run `make test`, **not** ``this``.\n") == "Run ``make test``, **not** ``this``."


def test_each_addon_readme_matches_its_fragments(readme):
    for addon in ("crm_suite", "crm_suite_loyalty", "crm_suite_service"):
        path = SUITE_PATH.parent.parent / addon / "README.rst"
        assert path.read_text() == readme.render(path.parent)
