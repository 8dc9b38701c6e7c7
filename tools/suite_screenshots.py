"""`make screenshots`: README's pictures, from the journey tours."""

import re
import shutil

from suite_common import REPO, RUN_DIR, die, say
from suite_databases import odoo, odoo_test_args, throwaway_test_database
from suite_test_results import OdooLogResult, say_failures

# The journey tours whose last pages are README.md's screenshots (see start_tour_and_keep_screenshot).
SCREENSHOT_TOURS = (
    "/crm_suite:TestCrmSuiteUi",
    "/crm_suite_service:TestAdviserJourney",
    "/crm_suite_service:TestCareTeamJourney",
    "/crm_suite_service:TestCustomer360Journey",
    "/crm_suite_service:TestFeedbackJourney",
    "/crm_suite_service:TestPortalInHindi",
    "/crm_suite_marketing:TestMarketingUi",
    "/crm_suite_credit:TestCreditUi",
)


README_SCREENSHOT = re.compile(r"readme_(?P<name>[a-z0-9_]+?)_\d{8}_\d{6}_\d+_\w+\.png")


def command_screenshots(_args):
    """Run the journey tours on a throwaway demo database and refresh docs/screenshots from them."""
    shots = RUN_DIR / "screenshots"
    shutil.rmtree(shots, ignore_errors=True)
    log = RUN_DIR / "logs" / "odoo-screenshots.log"
    with throwaway_test_database("screenshots", log) as (name, config):
        say(f"running the journey tours (log: {log})")
        with open(log, "a") as out:
            odoo(
                *odoo_test_args(config, name, SCREENSHOT_TOURS),
                f"--screenshots={shots}",
                stdout=out,
                stderr=out,
                check=False,
            )
    result = OdooLogResult(log.read_text())
    say_failures(result.problems, result.failed_tests)
    if result.failed:
        say(f"{result.failed} journey test(s) failed: their pages are not refreshed (see {log})")
    newest = newest_readme_screenshots(shots)
    target = REPO / "docs" / "screenshots"
    for screenshot, picture in sorted(newest.items()):
        shutil.copyfile(picture, target / f"{screenshot}.png")
        say(f"docs/screenshots/{screenshot}.png refreshed")
    if not newest:
        die(f"no tour left a screenshot: see {log}")


def newest_readme_screenshots(folder):
    """{name: the newest readme_<name>_<time stamp>_<test>.png under folder}."""
    newest = {}
    for picture in sorted(folder.rglob("readme_*.png")):
        match = README_SCREENSHOT.fullmatch(picture.name)
        if match:
            newest[match.group("name")] = picture  # sorted by time stamp: the last one wins
    return newest
