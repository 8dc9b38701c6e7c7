"""What a test run's Odoo log and pytest's JUnit file say: passed, failed, and problems."""

import re
import subprocess
import xml.etree.ElementTree as ET

from suite_common import say

ECHOED_LOG_LINE = re.compile(
    r" (WARNING|ERROR|CRITICAL) |odoo\.tests\.(stats|result)|: Starting \w+\.test_|Module crm_suite\w*: loading"
)


def say_failures(problems, failed_tests):
    """What went wrong, each on a FAILED line, the failed tests by name last: CI shows the tail."""
    for failure in [*problems, *failed_tests]:
        say(f"FAILED: {failure}")


def run_echoing_log(cmd, log):
    """Run Odoo's ``cmd``, append its output to ``log`` and echo what matters of it; its exit code."""
    with open(log, "a") as out:
        process = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            out.write(line)
            if ECHOED_LOG_LINE.search(line):
                print(line, end="", flush=True)
        return process.wait()


class OdooLogResult:
    """What Odoo's own test runner says in its log."""

    SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
    # "2026-11-24 18:40:31,511 6354 WARNING dbname odoo.modules.loading: message"
    LOG_LINE = re.compile(r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): (?P<message>.*)$", re.MULTILINE)
    OURS = re.compile(r"\bcrm_suite")
    # Odoo's result logs each failed test as "FAIL: Class.test_name" or "ERROR: Class.test_name".
    FAILED_TEST = re.compile(r"^(?:FAIL|ERROR): (?P<test>\S+)")

    def __init__(self, text):
        self.problems = []
        # Named again at the end of the run: CI shows only the tail of a long log.
        self.failed_tests = []
        summary = self.SUMMARY.findall(text)
        if not summary:
            self.problems.append("Odoo's test runner printed no summary (did the install fail?)")
            failures = errors = total = 0
        else:
            failures, errors, total = map(int, summary[-1])
        if summary and not total:
            self.problems.append("Odoo's test runner ran no test")
        skipped = bad = 0
        for line in self.LOG_LINE.finditer(text):
            level, logger, message = line.group("level", "logger", "message")
            if level == "INFO" and logger.startswith("odoo.addons.") and message.startswith("skipped "):
                skipped += 1
            elif level in ("ERROR", "CRITICAL") or (
                level == "WARNING" and (self.OURS.search(logger) or self.OURS.search(message))
            ):
                bad += 1
                failed_test = self.FAILED_TEST.match(message)
                if failed_test:
                    self.failed_tests.append(f"{logger.removeprefix('odoo.addons.')}: {failed_test['test']}")
        if skipped:
            self.problems.append(f"{skipped} Odoo test(s) skipped: a skipped test counts as failed")
        if bad and not (failures or errors):
            self.problems.append(f"{bad} error line(s), or warning(s) about CRM Suite, in the Odoo log")
        self.failed = failures + errors + skipped
        self.passed = total - self.failed


class JUnitResult:
    """What pytest wrote in its JUnit XML report."""

    def __init__(self, path):
        self.problems = []
        self.failed_tests = []
        if not path.exists():
            self.problems.append("pytest wrote no report")
            self.passed = self.failed = 0
            return
        suites = ET.parse(path).getroot()
        for case in suites.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                self.failed_tests.append(f"{case.get('classname')}::{case.get('name')}")
        totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
        for suite in suites.iter("testsuite"):
            for key in totals:
                totals[key] += int(suite.get(key, 0))
        if totals["skipped"]:
            self.problems.append(f"{totals['skipped']} pytest test(s) skipped")
        if not totals["tests"]:
            self.problems.append("pytest ran no test")
        self.failed = totals["failures"] + totals["errors"] + totals["skipped"]
        self.passed = totals["tests"] - self.failed
