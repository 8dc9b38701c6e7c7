"""The test runner's own rules: what counts as passed, failed and skipped."""

import importlib
import importlib.util
import subprocess
import sys
import tarfile
import types
import zipfile
from pathlib import Path

import pytest
from suite_common import MODULES

SUITE_PATH = Path(__file__).resolve().parent.parent / "tools" / "suite.py"


@pytest.fixture(scope="module")
def suite():
    """suite.py and the helper modules beside it (which loading it puts on the path), as one namespace."""
    spec = importlib.util.spec_from_file_location("crm_suite_tooling", SUITE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    helpers = [
        importlib.import_module(name)
        for name in (
            "suite_common",
            "suite_odoo_source",
            "suite_test_results",
            "suite_i18n",
            "suite_screenshots",
            "suite_odoo_tests",
        )
    ]
    names = {name: value for part in (*helpers, module) for name, value in vars(part).items()}
    return types.SimpleNamespace(**{name: value for name, value in names.items() if not name.startswith("__")})


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


def test_failed_tests_are_named(suite):
    failure = "ERROR crm_suite_test odoo.addons.sale.tests.test_sale_flow: FAIL: TestSaleFlow.test_qty_delivered"
    error = "ERROR crm_suite_test odoo.addons.crm.tests.test_crm_lead: ERROR: TestCRMLead.test_merge"
    tour = "ERROR crm_suite_test odoo.addons.crm_suite.tests.test_ui: Tour crm_suite_x failed at step 3"
    line = "ERROR crm_suite_test odoo.tests.result: 1 failed, 1 error(s) of 12 tests when loading database 'x'"
    result = suite.OdooLogResult(_log(failure, error, tour, line))
    assert result.failed_tests == [
        "sale.tests.test_sale_flow: TestSaleFlow.test_qty_delivered",
        "crm.tests.test_crm_lead: TestCRMLead.test_merge",
    ]


def test_failed_tests_are_named_last_where_ci_shows_them(suite, capsys):
    suite.say_failures(["2 error line(s) in the Odoo log"], ["sale.tests.test_sale_flow: TestSaleFlow.test_x"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "FAILED: sale.tests.test_sale_flow: TestSaleFlow.test_x" in lines[-1]


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


def test_junit_failures_and_errors_are_named(suite, tmp_path):
    report = tmp_path / "report.xml"
    report.write_text(
        '<testsuites><testsuite tests="3" failures="1" errors="1" skipped="0">'
        '<testcase classname="tests.test_a" name="test_ok"/>'
        '<testcase classname="tests.test_a" name="test_wrong"><failure message="x"/></testcase>'
        '<testcase classname="tests.test_b" name="test_broken"><error message="y"/></testcase>'
        "</testsuite></testsuites>"
    )
    result = suite.JUnitResult(report)
    assert result.failed_tests == ["tests.test_a::test_wrong", "tests.test_b::test_broken"]


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
    for addon in MODULES:
        path = SUITE_PATH.parent.parent / addon / "README.rst"
        assert path.read_text() == readme.render(path.parent)


# --------------------------------------------------------------------------
# Installing Odoo from ODOO_SOURCE on a machine without it (no network)
# --------------------------------------------------------------------------

SOURCE_FILES = {
    "odoo/release.py": "version_info = (19, 0, 0, 'final', 0, '')\n",
    "odoo/__init__.py": "",
    "addons/web/__manifest__.py": "{'name': 'Web'}\n",
    "setup.py": "from setuptools import setup\n",
    "requirements.txt": "requests\n",
}


def _write_source(root, files=SOURCE_FILES):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _tar_gz(folder, archive):
    with tarfile.open(archive, "w:gz") as bundle:
        for path in sorted(folder.rglob("*")):
            bundle.add(path, arcname=str(path.relative_to(folder)), recursive=False)
    return archive


def _zip(folder, archive):
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            bundle.write(path, arcname=str(path.relative_to(folder)))
    return archive


def _assert_source_root(home):
    for name, text in SOURCE_FILES.items():
        assert (home / name).read_text() == text
    assert sorted(path.name for path in home.iterdir()) == ["addons", "odoo", "requirements.txt", "setup.py"]


@pytest.mark.parametrize("pack", [_tar_gz, _zip], ids=["tar.gz", "zip"])
@pytest.mark.parametrize("top_folder", ["odoo-19.0", None], ids=["top folder", "no top folder"])
def test_archive_puts_the_source_root_in_odoo_home(suite, tmp_path, pack, top_folder):
    staged = tmp_path / "staged"
    _write_source(staged / top_folder if top_folder else staged)
    archive = pack(staged, tmp_path / "19.0.archive")
    home = tmp_path / "share" / "odoo-19.0"
    suite.fetch_odoo_source(str(archive), home)
    _assert_source_root(home)
    assert [path.name for path in home.parent.iterdir()] == ["odoo-19.0"]  # nothing left behind


def test_directory_source_is_copied_to_odoo_home(suite, tmp_path):
    checkout = _write_source(tmp_path / "checkout")
    (checkout / ".git").mkdir()
    home = tmp_path / "odoo-19.0"
    suite.fetch_odoo_source(str(checkout), home)
    _assert_source_root(home)


def test_git_url_is_cloned_at_the_19_branch(suite, tmp_path):
    work = _write_source(tmp_path / "work")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", work]
    subprocess.run(["git", "init", "-q", "-b", "19.0", work], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "odoo"], check=True)
    bare = tmp_path / "odoo.git"
    subprocess.run(["git", "clone", "-q", "--bare", work, bare], check=True)
    home = tmp_path / "odoo-19.0"
    suite.fetch_odoo_source(str(bare), home)
    assert (home / "odoo" / "release.py").exists() and (home / "requirements.txt").exists()


def test_partial_source_names_what_is_missing(suite, tmp_path):
    partial = dict(SOURCE_FILES)
    del partial["requirements.txt"], partial["setup.py"]
    archive = _tar_gz(_write_source(tmp_path / "staged" / "odoo-19.0", partial).parent, tmp_path / "partial.tar.gz")
    home = tmp_path / "odoo-19.0"
    with pytest.raises(suite.OdooSourceError, match=r"lacks setup\.py, requirements\.txt"):
        suite.fetch_odoo_source(str(archive), home)
    assert not home.exists()


def test_archive_without_odoo_is_refused(suite, tmp_path):
    staged = tmp_path / "staged"
    (staged / "project").mkdir(parents=True)
    (staged / "project" / "README.md").write_text("not odoo")
    with pytest.raises(suite.OdooSourceError, match=r"lacks odoo/release\.py"):
        suite.fetch_odoo_source(str(_zip(staged, tmp_path / "other.zip")), tmp_path / "odoo-19.0")


def test_other_odoo_version_is_refused(suite, tmp_path):
    older = dict(SOURCE_FILES, **{"odoo/release.py": "version_info = (18, 0, 0, 'final', 0, '')\n"})
    checkout = _write_source(tmp_path / "odoo-18", older)
    with pytest.raises(suite.OdooSourceError, match="holds Odoo 18, not Odoo 19"):
        suite.fetch_odoo_source(str(checkout), tmp_path / "odoo-19.0")


def test_file_that_is_no_archive_is_refused(suite, tmp_path):
    text = tmp_path / "odoo.tar.gz"
    text.write_text("404: Not Found")
    with pytest.raises(suite.OdooSourceError, match=r"neither a zip nor a tar archive"):
        suite.fetch_odoo_source(str(text), tmp_path / "odoo-19.0")


def test_missing_local_source_is_refused(suite, tmp_path):
    with pytest.raises(suite.OdooSourceError, match="neither a directory, a file nor a URL"):
        suite.fetch_odoo_source(str(tmp_path / "nowhere.tar.gz"), tmp_path / "odoo-19.0")


def test_odoo_home_left_half_made_is_not_taken_for_odoo(suite, tmp_path):
    """What the old bootstrap left: the `odoo` package's own files straight in ODOO_HOME."""
    home = _write_source(tmp_path / "odoo-19.0", {"release.py": SOURCE_FILES["odoo/release.py"]})
    with pytest.raises(suite.OdooSourceError, match="exists but is not a whole Odoo source"):
        suite.fetch_odoo_source(str(tmp_path / "any.tar.gz"), home)


def test_complete_odoo_home_is_reused(suite, tmp_path):
    home = _write_source(tmp_path / "odoo-19.0")
    suite.fetch_odoo_source("https://unreachable.invalid/19.0.tar.gz", home)
    _assert_source_root(home)


def test_first_run_archive_is_shaped_like_githubs(suite, tmp_path):
    source = _write_source(tmp_path / "installed")
    (source / "odoo" / "__pycache__").mkdir()
    (source / "odoo" / "__pycache__" / "release.cpython-311.pyc").write_bytes(b"")
    (source / "odoo.egg-info").mkdir()
    archive = tmp_path / "odoo-19.0.tar.gz"
    suite.pack_odoo_source(source, archive)
    with tarfile.open(archive) as bundle:
        names = {member.name for member in bundle.getmembers() if member.isfile()}
    assert names == {f"odoo-19.0/{name}" for name in SOURCE_FILES}
    home = tmp_path / "home"
    suite.fetch_odoo_source(str(archive), home)
    _assert_source_root(home)


def test_screenshots_keep_the_newest_picture_of_each_page(suite, tmp_path):
    folder = tmp_path / "crm_suite_screenshots" / "screenshots"
    folder.mkdir(parents=True)
    names = [
        "readme_job_card_form_20261201_154639_383215_test_typed_number_plate_to_gate_pass.png",
        "readme_job_card_form_20261201_160000_000001_test_typed_number_plate_to_gate_pass.png",
        "readme_gate_pass_20261201_154647_815142_test_typed_number_plate_to_gate_pass.png",
        "readme_customer_360_20261201_154650_000002_test_adviser_opens_a_demo_customers_360.png",
        "sc_20261201_154634_089887_test_the_workshop_kanban.png",
    ]
    for name in names:
        (folder / name).write_bytes(b"png")
    newest = suite.newest_readme_screenshots(tmp_path)
    assert {name: path.name for name, path in newest.items()} == {
        "job_card_form": names[1],
        "gate_pass": names[2],
        "customer_360": names[3],
    }


def test_i18n_keeps_the_translations_the_export_dropped(suite, tmp_path):
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    before = (
        header
        + 'msgid "Job Cards"\nmsgstr "जॉब कार्ड"\n\nmsgid "Gone"\nmsgstr "गया"\n\nmsgid "Urgent"\nmsgstr "अत्यावश्यक"\n'
    )
    po = tmp_path / "hi.po"
    po.write_text(
        header + 'msgid "New term"\nmsgstr ""\n\nmsgid "Job Cards"\nmsgstr ""\n\nmsgid "X"\nmsgstr "X"\n\n'
        # A relabelled field: the database exports the old label's translation for the new one.
        'msgid "Critical"\nmsgstr "अत्यावश्यक"\n\nmsgid "Urgent"\nmsgstr "पुराना"\n'
    )
    suite.keep_translations(po, before)
    text = po.read_text()
    assert 'msgid "Job Cards"\nmsgstr "जॉब कार्ड"' in text
    assert 'msgid "Critical"\nmsgstr ""' in text, "left to translate, not given another string's Hindi"
    assert 'msgid "Urgent"\nmsgstr "अत्यावश्यक"' in text, "hi.po wins over what the database kept"
    assert 'msgid "New term"\nmsgstr ""' in text
    assert 'msgid "X"\nmsgstr ""' in text
    assert "Gone" not in text, "a string the add-on no longer has goes"
    assert text.index("Job Cards") < text.index("New term") < text.index('"X"')


@pytest.mark.parametrize(
    ("addon", "depends_on"),
    [
        ("crm_suite", []),
        ("crm_suite_loyalty", ["odoo-addon-crm_suite==19.0.*"]),
        ("crm_suite_service", ["odoo-addon-crm_suite==19.0.*"]),
        ("crm_suite_marketing", ["odoo-addon-crm_suite_loyalty==19.0.*"]),
        (
            "crm_suite_service_loyalty",
            ["odoo-addon-crm_suite_loyalty==19.0.*", "odoo-addon-crm_suite_service==19.0.*"],
        ),
        ("crm_suite_credit", ["odoo-addon-crm_suite==19.0.*"]),
    ],
)
def test_each_addon_builds_as_an_odoo_addon_wheel(addon, depends_on, tmp_path):
    """pip installs each add-on the OCA way: its pyproject.toml builds it with whool, the manifest's
    version and dependencies becoming the package's."""
    addon_dir = SUITE_PATH.parent.parent / addon
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", tmp_path, addon_dir],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(next(name for name in archive.namelist() if name.endswith("/METADATA"))).decode()
        packaged = archive.namelist()
    assert f"Name: odoo-addon-{addon}" in metadata
    assert "Requires-Dist: odoo==19.0.*" in metadata
    for requirement in depends_on:
        assert f"Requires-Dist: {requirement}" in metadata
    assert f"odoo/addons/{addon}/__manifest__.py" in packaged


def test_odoos_own_tests_go_back_through_the_dispatcher(suite):
    """`make odoo-tests` runs Odoo through `suite.py odoo-after-loading`: the script it calls has it."""
    usage = subprocess.run(
        [sys.executable, suite.SUITE_SCRIPT, "--help"], check=True, capture_output=True, text=True
    ).stdout
    assert "odoo-after-loading" in usage
