"""Load benchmark of the CRM Suite, run by `make load` (`python3 tools/suite.py load`).

On a database with demo data and the three add-ons, it:

- starts Odoo as in production: prefork workers and one cron worker, mail delivered to
  a mail server of its own on 127.0.0.1 that keeps every email, SMS and IAP pointed at a
  closed local port (nothing leaves the machine);
- gives the demo user the Service Centre's Adviser role, makes portal users of the demo
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
import hashlib
import http.cookiejar
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from load_checks import sql_list
from load_mail_sink import MailSink
from load_report import report
from suite_common import MODULES, REPO, RUN_DIR, free_port, run, say
from suite_databases import psql

VENV = RUN_DIR / "load-venv"
REQUIREMENTS = REPO / "tools" / "load-requirements.txt"
LOCUSTFILE = REPO / "tools" / "locustfile.py"
PORTAL_PASSWORD = "load-portal"
PORTAL_USERS = 2  # made of demo customers, besides Odoo's demo portal user
BIRTHDAYS = 20  # demo customers whose birthday is made today, so that the greeting cron has work


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
    # The demo user works as a service adviser, not a manager.
    adviser_group = admin.xmlid("crm_suite_service", "group_service_adviser")
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


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


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


if __name__ == "__main__":
    sys.exit(main())
