"""What a load run prints and judges: requests, failures and percentiles per page, the cron runs,
the server's error lines and anything that went out twice."""

import csv
import re
from collections import Counter

from load_checks import MADE_DURING_RUN, duplicates
from load_mail_sink import delivered_twice
from suite_common import say
from suite_databases import psql

# "Job 'CRM Suite: Send occasion greetings' (12) fully done (#loop 1; ...)"
CRON_DONE = re.compile(r"Job (?P<name>'[^']*'|\"[^\"]*\") \(\d+\) (?P<status>[a-z ]+) \(#loop")


# "2026-11-24 18:40:31,511 6354 ERROR dbname odoo.sql_db: bad query: ..."
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) \S+ (?P<logger>[\w.]+): (?P<message>.*)$", re.MULTILINE)

# The pages of the locustfile (their request names): each must get requests.
PAGES = (
    "customers: list",
    "customers: form",
    "job cards: kanban",
    "complaints: kanban",
    "portal: /my/loyalty",
    "portal: /my/job-cards",
    "portal: /my/complaints",
)


def page_stats(csv_prefix):
    """[(name, requests, failures, p50 ms, p95 ms)] from locust's stats CSV, the total last."""
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    stats = [
        (row["Name"], int(row["Request Count"]), int(row["Failure Count"]), row["50%"], row["95%"]) for row in rows
    ]
    return sorted(stats, key=lambda row: (row[0] == "Aggregated", row[0]))


def print_table(stats):
    width = max(len(row[0]) for row in stats)
    print(f"{'page':<{width}}  {'requests':>8}  {'failures':>8}  {'p50 ms':>7}  {'p95 ms':>7}")
    for name, requests, failures, p50, p95 in stats:
        print(f"{name:<{width}}  {requests:>8}  {failures:>8}  {p50:>7}  {p95:>7}")


def failed_pages(stats, max_failures):
    problems = []
    counted = {name: (requests, failures) for name, requests, failures, _p50, _p95 in stats}
    for page in PAGES:
        requests, failures = counted.get(page, (0, 0))
        if not requests:
            problems.append(f"{page}: no request")
        elif failures * 100 > max_failures * requests:
            problems.append(f"{page}: {failures} of {requests} requests failed")
    for name, (requests, failures) in counted.items():
        if name not in PAGES and name != "Aggregated" and failures:
            problems.append(f"{name}: {failures} of {requests} requests failed")
    return problems


def cron_runs(log_text, crons):
    """{cron name: Counter(status)} from the cron worker's lines in the log."""
    runs = {name: Counter() for name in crons.values()}
    for match in CRON_DONE.finditer(log_text):
        name = match.group("name")[1:-1]
        if name in runs:
            runs[name][match.group("status")] += 1
    return runs


def report(args, conn, crons, start, csv_prefix, mails):
    stats = page_stats(csv_prefix)
    print()
    print_table(stats)
    problems = failed_pages(stats, args.max_failures)
    log_text = args.log.read_text()
    print()
    for name, statuses in cron_runs(log_text, crons).items():
        runs = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())) or "did not run"
        print(f"cron {name}: {runs}")
        if not statuses:
            problems.append(f"cron {name} did not run")
    made = {what: psql(conn, args.database, query.format(start=start)) for what, query in MADE_DURING_RUN.items()}
    print("made during the run: " + ", ".join(f"{count} {what}" for what, count in made.items()))
    print(f"emails delivered to the local mail server: {len(mails)}")
    errors = Counter(f"{logger}: {message.strip()[:100]}" for logger, message in ERROR_LINE.findall(log_text))
    print(f"server errors in the Odoo log: {errors.total()} ERROR/CRITICAL line(s) (see {args.log})")
    for error, count in errors.most_common():
        print(f"  {count} x {error}")
    for check, rows in duplicates(conn, args.database, start).items():
        problems.append(f"{check}: {len(rows)} time(s), e.g. {rows[0]}")
    for recipients, subject, count in delivered_twice(mails):
        problems.append(f"email delivered {count} times to {', '.join(recipients)}: {subject}")
    print()
    for problem in problems:
        say(f"FAILED: {problem}")
    if not problems:
        say("no page failed above the threshold and nothing went out twice")
    return 1 if problems else 0
