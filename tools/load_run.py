"""Load benchmark of the CRM Suite, run by `make load` (`python3 tools/suite.py load`).

On a database with demo data and the three add-ons, it:

- starts Odoo as in production: prefork workers and one cron worker, mail delivered to
  a mail server of its own on 127.0.0.1 that keeps every email, SMS and IAP pointed at a
  closed local port (nothing leaves the machine);
- gives the demo user the CRM Suite user group, makes portal users of the demo
  customers with the most job cards and complaints, and makes twenty demo customers'
  birthday today (so that greetings and their coupons go out), through the web
  client's own calls as the admin;
- runs locust headless (tools/locustfile.py, with the python of .run/load-venv: locust
  would upgrade Odoo's Werkzeug, requests and gevent past Odoo's pins) while the
  suite's crons are triggered every few seconds, so they run under the load;
- prints requests, failures, p50 and p95 per page, the cron runs, the server's error
  lines, then checks that no greeting, coupon, message, activity, SMS or email went
  out twice.

It exits with 1 when a page failed more often than the threshold, when a page got no
request, when a cron did not run, or when anything went out twice.
"""

import argparse
import configparser
import csv
import email
import email.policy
import hashlib
import http.cookiejar
import json
import os
import re
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from suite import MODULES, REPO, RUN_DIR, free_port, psql, run, say

VENV = RUN_DIR / "load-venv"
REQUIREMENTS = REPO / "tools" / "load-requirements.txt"
LOCUSTFILE = REPO / "tools" / "locustfile.py"
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
PORTAL_PASSWORD = "load-portal"
PORTAL_USERS = 2  # made of demo customers, besides Odoo's demo portal user
BIRTHDAYS = 20  # demo customers whose birthday is made today, so that the greeting cron has work
# "Job 'CRM Suite: Send occasion greetings' (12) fully done (#loop 1; ...)"
CRON_DONE = re.compile(r"Job (?P<name>'[^']*'|\"[^\"]*\") \(\d+\) (?P<status>[a-z ]+) \(#loop")
# "2026-11-24 18:40:31,511 6354 ERROR dbname odoo.sql_db: bad query: ..."
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) \S+ (?P<logger>[\w.]+): (?P<message>.*)$", re.MULTILINE)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file of the database")
    parser.add_argument("-d", "--database", required=True, help="database with demo data and the three add-ons")
    parser.add_argument("--log", type=Path, required=True, help="Odoo's log of the run")
    parser.add_argument("--seconds", type=int, default=60, help="how long locust puts load on Odoo")
    parser.add_argument("--users", type=int, default=10, help="locust users (three advisers to one customer)")
    parser.add_argument("--workers", type=int, default=2, help="Odoo's HTTP workers")
    parser.add_argument("--cron-every", type=int, default=15, help="seconds between triggers of the suite's crons")
    parser.add_argument("--max-failures", type=float, default=1.0, help="percentage of failed requests a page may have")
    return parser.parse_args()


# --------------------------------------------------------------------------
# locust, in a virtualenv of its own
# --------------------------------------------------------------------------


def ensure_locust():
    """Create .run/load-venv and install tools/load-requirements.txt into it once per change."""
    python = VENV / "bin" / "python"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    marker = VENV / "requirements.sha256"
    if python.exists() and marker.exists() and marker.read_text() == digest:
        return python
    say(f"installing locust into {VENV} (never into Odoo's python)")
    run([sys.executable, "-m", "venv", VENV])
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS])
    marker.write_text(digest)
    return python


# --------------------------------------------------------------------------
# A mail server that keeps what it is sent
# --------------------------------------------------------------------------


class MailSink(socketserver.ThreadingTCPServer):
    """Accepts every email on 127.0.0.1 and keeps (recipients, message) of each."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.port = self.server_address[1]
        self.mails = []
        self.lock = threading.Lock()

    def keep(self, recipients, data):
        with self.lock:
            self.mails.append((tuple(sorted(recipients)), data))


class SmtpSession(socketserver.StreamRequestHandler):
    """The part of SMTP that Python's smtplib speaks to a server without TLS nor login."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 load-sink")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb == "QUIT":
                self.reply("221 bye")
                return
            if verb == "MAIL":
                recipients = []
            elif verb == "RCPT":
                recipients.append(command.partition(":")[2].strip().strip("<>").lower())
            elif verb == "DATA":
                self.reply("354 go on")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.keep(recipients, b"".join(data))
            self.reply("250 ok")


def delivered_twice(mails):
    """Emails that reached the same recipients twice with the same subject and text."""
    seen = Counter()
    for recipients, data in mails:
        message = email.message_from_bytes(data, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body else ""
        seen[(recipients, str(message["Subject"] or ""), hashlib.sha256(text.encode()).hexdigest())] += 1
    return [(recipients, subject, count) for (recipients, subject, _text), count in seen.items() if count > 1]


# --------------------------------------------------------------------------
# Odoo: the server, and the web client's calls as a user
# --------------------------------------------------------------------------


def connection(config):
    options = configparser.ConfigParser(interpolation=None)
    options.read(config)
    section = options["options"]
    return {key: section.get(f"db_{key}", "") for key in ("host", "port", "user", "password")}


def odoo_launcher():
    """Odoo's own start script: the prefork server starts its gevent worker with ``sys.argv[0]``,
    which ``python -m odoo`` leaves pointing at a file that cannot run by itself."""
    script = Path(sys.executable).parent / "odoo"
    if script.exists():
        return script
    probe = "import odoo.release as r, pathlib; print(pathlib.Path(r.__file__).parents[1] / 'odoo-bin')"
    return Path(run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip())


def start_odoo(args, port, mail_port, log):
    command = [
        sys.executable, odoo_launcher(), "-c", args.config, "-d", args.database,
        "--http-interface", "127.0.0.1", "--http-port", port, "--gevent-port", free_port(),
        "--workers", args.workers, "--max-cron-threads", 1,
        # Generous limits: a request queued behind the load must not be killed as a runaway.
        "--limit-time-real", 600, "--limit-time-cpu", 300, "--limit-time-real-cron", 900,
        "--limit-request", 100_000, "--limit-memory-soft", 2 << 30, "--limit-memory-hard", 3 << 30,
        "--smtp", "127.0.0.1", "--smtp-port", mail_port,
    ]  # fmt: skip
    with open(log, "a") as out:
        return subprocess.Popen([str(part) for part in command], stdout=out, stderr=subprocess.STDOUT)


def wait_for_login_page(url, server, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=10) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    return False


def stop_odoo(server):
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class WebSession:
    """A user's session, calling Odoo's JSON-RPC routes as the web client does."""

    def __init__(self, url, database, login, password):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        info = self.rpc("/web/session/authenticate", {"db": database, "login": login, "password": password})
        self.context = info["user_context"]

    def rpc(self, path, params):
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        request = urllib.request.Request(
            self.url + path, data=payload, headers={"Content-Type": "application/json"}, method="POST"
        )
        with self.opener.open(request, timeout=120) as response:
            answer = json.load(response)
        if "error" in answer:
            raise RuntimeError(f"{path}: {answer['error'].get('data', {}).get('message') or answer['error']}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self.rpc(f"/web/dataset/call_kw/{model}/{method}", params)

    def xmlid(self, module, name):
        found = self.call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
        )
        return found[0]["res_id"]


def prepare_users(admin):
    """(backend logins, portal logins) as "login:password" lists, the users made ready as an admin would."""
    demo = admin.call("res.users", "search", [("login", "=", "demo")])
    # The demo user works as a service adviser: CRM Suite user, not manager.
    adviser_group = admin.xmlid("crm_suite", "group_crm_suite_user")
    admin.call("res.users", "write", demo, {"group_ids": [(4, adviser_group)]})
    backend = ["admin:admin", "demo:demo"]
    portal = ["portal:portal"]
    jobs = admin.call("repair.order", "search_read", [("partner_id", "!=", False)], fields=["partner_id"])
    complaints = admin.call("crm.suite.complaint", "search_read", [("partner_id", "!=", False)], fields=["partner_id"])
    busiest = Counter(record["partner_id"][0] for record in jobs + complaints)
    portal_group = admin.xmlid("base", "group_portal")
    context = dict(admin.context, no_reset_password=True, active_test=False)
    for partner_id, _count in busiest.most_common():
        if len(portal) > PORTAL_USERS:
            break
        login = f"load.portal.{partner_id}"
        users = admin.call(
            "res.users", "search_read", [("partner_id", "=", partner_id)], fields=["login"], context=context
        )
        if users and users[0]["login"] != login:
            continue  # the customer is a user already: leave that account alone
        if users:
            admin.call("res.users", "write", [users[0]["id"]], {"password": PORTAL_PASSWORD}, context=context)
        else:
            values = {
                "login": login,
                "password": PORTAL_PASSWORD,
                "partner_id": partner_id,
                "group_ids": [(6, 0, [portal_group])],
            }
            admin.call("res.users", "create", values, context=context)
        portal.append(f"{login}:{PORTAL_PASSWORD}")
    return backend, portal


def make_birthdays_due(admin, count=BIRTHDAYS):
    """Give the greeting cron work: ``count`` demo customers turn 28 today (UTC), greeted from midnight."""
    today = datetime.now(UTC).date()
    customers = admin.call(
        "res.partner",
        "search",
        [("customer_rank", ">", 0), ("is_company", "=", False), ("email", "!=", False)],
        limit=count,
        order="id",
    )
    admin.call("res.partner", "write", customers, {"birthday": today.replace(year=today.year - 28).isoformat()})
    companies = admin.call("res.company", "search", [])
    admin.call("res.company", "write", companies, {"crm_suite_greeting_hour": 0})
    return len(customers)


# --------------------------------------------------------------------------
# The database: settings before the run, crons during it, checks after it
# --------------------------------------------------------------------------


def sql_list(values):
    return ", ".join(f"'{value}'" for value in values)


def keep_messages_home(conn, database):
    """SMS and IAP calls go to a closed local port: nothing leaves the machine, every SMS stays in sms_sms."""
    closed = f"http://127.0.0.1:{free_port()}"
    for key in ("sms.endpoint", "iap.endpoint"):
        psql(
            conn,
            database,
            f"""INSERT INTO ir_config_parameter (key, value, create_date, write_date)
                VALUES ('{key}', '{closed}', now() at time zone 'UTC', now() at time zone 'UTC')
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
        )


def suite_crons(conn, database):
    """{cron id: name} of the crons the three add-ons define."""
    rows = psql(
        conn,
        database,
        f"""SELECT cron.id, cron.cron_name FROM ir_cron cron
              JOIN ir_model_data data ON data.model = 'ir.cron' AND data.res_id = cron.id
             WHERE data.module IN ({sql_list(MODULES)}) AND cron.active
             ORDER BY cron.id""",
    )
    return dict(row.split("|", 1) for row in rows.splitlines())


def trigger_crons(conn, database, cron_ids):
    """Make the suite's crons due now and wake the cron worker, as ir.cron's _trigger does."""
    psql(
        conn,
        database,
        f"""INSERT INTO ir_cron_trigger (cron_id, call_at, create_date, write_date)
            SELECT id, now() at time zone 'UTC', now() at time zone 'UTC', now() at time zone 'UTC'
              FROM ir_cron WHERE id IN ({", ".join(cron_ids)})""",
    )
    # The cron worker listens on the "postgres" database, whatever database it serves.
    psql(conn, "postgres", f"SELECT pg_notify('cron_trigger', '{database}')")


def keep_triggering(conn, database, cron_ids, every, stop):
    while not stop.wait(every):
        trigger_crons(conn, database, cron_ids)


# Each query lists what went out more than once; `{start}` is when the run began (UTC).
# A rule's own table is checked whole; messages, activities, coupons and SMS only where
# a copy was made during the run (the demo data may legitimately repeat itself).
DUPLICATE_CHECKS = {
    "greeting twice for a contact, occasion and day": """
        SELECT partner_id, occasion, date, count(*) FROM crm_suite_greeting
         GROUP BY partner_id, family_member_id, occasion, date HAVING count(*) > 1""",
    "greeting twice for a contact, occasion and year": """
        SELECT partner_id, occasion, year, count(*) FROM crm_suite_greeting
         GROUP BY partner_id, family_member_id, occasion, year HAVING count(*) > 1""",
    "coupon twice for a customer and program on one day": """
        SELECT partner_id, program_id, create_date::date, count(*) FROM loyalty_card
         WHERE partner_id IS NOT NULL
         GROUP BY partner_id, program_id, create_date::date
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "tier change recorded twice": """
        SELECT partner_id, company_id, date, to_tier_id, count(*) FROM crm_suite_loyalty_tier_history
         GROUP BY partner_id, company_id, date, from_tier_id, to_tier_id
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "message posted twice on a record": """
        SELECT model, res_id, left(coalesce(subject, ''), 60), count(*) FROM mail_message
         WHERE body IS NOT NULL AND body != '' AND model IS NOT NULL
         GROUP BY model, res_id, message_type, subject, body
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "email queued twice for a message and recipient": """
        SELECT mail.mail_message_id, rel.res_partner_id, count(*) FROM mail_mail mail
          JOIN mail_mail_res_partner_rel rel ON rel.mail_mail_id = mail.id
         GROUP BY mail.mail_message_id, rel.res_partner_id
        HAVING count(*) > 1 AND max(mail.create_date) >= '{start}'""",
    "SMS twice to a number": """
        SELECT partner_id, number, count(*) FROM sms_sms
         GROUP BY partner_id, number, body, create_date::date
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "activity scheduled twice": """
        SELECT res_model, res_id, left(coalesce(summary, ''), 60), count(*) FROM mail_activity
         GROUP BY res_model, res_id, activity_type_id, summary, date_deadline, user_id
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
}
# What the run made, for the report: proof that the crons had work to do.
MADE_DURING_RUN = {
    "greetings": "SELECT count(*) FROM crm_suite_greeting WHERE create_date >= '{start}'",
    "coupons": "SELECT count(*) FROM loyalty_card WHERE create_date >= '{start}'",
    "tier changes": "SELECT count(*) FROM crm_suite_loyalty_tier_history WHERE create_date >= '{start}'",
    "messages": "SELECT count(*) FROM mail_message WHERE create_date >= '{start}'",
    "activities": "SELECT count(*) FROM mail_activity WHERE create_date >= '{start}'",
    "SMS": "SELECT count(*) FROM sms_sms WHERE create_date >= '{start}'",
}


def duplicates(conn, database, start):
    """{check: rows} of the checks that found something sent twice."""
    found = {}
    for check, query in DUPLICATE_CHECKS.items():
        rows = psql(conn, database, query.format(start=start))
        if rows:
            found[check] = rows.splitlines()
    return found


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


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


def main():
    args = parse_args()
    conn = connection(args.config)
    locust_python = ensure_locust()
    crons = suite_crons(conn, args.database)
    keep_messages_home(conn, args.database)
    sink = MailSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args.log.parent.mkdir(parents=True, exist_ok=True)
    args.log.write_text("")
    say(f"starting Odoo on {url} with {args.workers} workers and a cron worker (log: {args.log})")
    server = start_odoo(args, port, sink.port, args.log)
    stop = threading.Event()
    try:
        if not wait_for_login_page(url, server):
            say(f"ERROR: Odoo did not answer on {url}/web/login: see {args.log}")
            return 1
        admin = WebSession(url, args.database, "admin", "admin")
        backend, portal = prepare_users(admin)
        say(f"backend users: {', '.join(login.split(':')[0] for login in backend)}")
        say(f"portal users: {', '.join(login.split(':')[0] for login in portal)}")
        say(f"{make_birthdays_due(admin)} demo customers have their birthday today")
        start = psql(conn, args.database, "SELECT now() at time zone 'UTC'")
        trigger_crons(conn, args.database, list(crons))
        threading.Thread(
            target=keep_triggering, args=(conn, args.database, list(crons), args.cron_every, stop), daemon=True
        ).start()
        csv_prefix = RUN_DIR / "logs" / "load"
        locust_log = RUN_DIR / "logs" / "locust.log"
        say(f"locust: {args.users} users for {args.seconds} s (log: {locust_log})")
        env = dict(
            os.environ,
            LOAD_DB=args.database,
            LOAD_BACKEND_LOGINS=",".join(backend),
            LOAD_PORTAL_LOGINS=",".join(portal),
        )
        locust = [
            locust_python, "-m", "locust", "-f", LOCUSTFILE, "--headless", "--only-summary",
            "--host", url, "--users", args.users, "--spawn-rate", max(1, args.users // 5),
            "--run-time", f"{args.seconds}s", "--stop-timeout", 10, "--csv", csv_prefix,
            "--exit-code-on-error", 0,
        ]  # fmt: skip
        with open(locust_log, "w") as out:
            run(locust, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
        stop.set()
        # The last triggered runs finish before the checks read their work.
        time.sleep(min(args.cron_every, 15))
    finally:
        stop.set()
        stop_odoo(server)
        sink.shutdown()
    return report(args, conn, crons, start, csv_prefix, sink.mails)


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


if __name__ == "__main__":
    sys.exit(main())
