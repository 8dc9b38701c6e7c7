"""The local PostgreSQL cluster, the databases the commands create, and the Odoo command line."""

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from suite_common import (
    COUNTRY,
    DB_NAME,
    EXTERNAL_DB,
    HTTP_HOST,
    HTTP_PORT,
    MODULES,
    PG_OS_USER,
    PG_PORT,
    PG_ROLE,
    REPO,
    RUN_DIR,
    die,
    ensure_requirements,
    free_port,
    run,
    say,
)
from suite_odoo_source import ensure_chromium, ensure_odoo


def pg_bin(name):
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parent.parent.name),
    )
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if not found:
        die(f"PostgreSQL's `{name}` is not installed (apt-get install postgresql).")
    return found


class LocalCluster:
    """A PostgreSQL cluster under .run/, reachable only through its Unix socket."""

    def __init__(self):
        self.root = RUN_DIR / "postgres"
        self.as_root = os.geteuid() == 0

    @property
    def data_dir(self):
        return self.root / "data"

    def _as_owner(self, cmd):
        # initdb and postgres refuse to run as root: run them as a system user.
        return ["runuser", "-u", PG_OS_USER, "--", *cmd] if self.as_root else cmd

    def _prepare_root(self):
        if not self.as_root:
            self.root.mkdir(parents=True, exist_ok=True)
            return
        try:
            pwd.getpwnam(PG_OS_USER)
        except KeyError:
            say(f"creating the system user {PG_OS_USER} to own the local PostgreSQL")
            run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_OS_USER])
        RUN_DIR.mkdir(exist_ok=True)
        if self.root.exists():
            return
        self.root.mkdir()
        shutil.chown(self.root, PG_OS_USER)
        reachable = run(self._as_owner(["test", "-w", self.root]), check=False).returncode == 0
        if not reachable:
            # The checkout sits in a folder that user cannot enter (e.g. /root):
            # keep the cluster elsewhere, reached through the ignored folder.
            self.root.rmdir()
            outside = Path("/var/tmp/crm-suite") / hashlib.sha1(bytes(REPO)).hexdigest()[:12]
            outside.mkdir(parents=True, exist_ok=True)
            shutil.chown(outside, PG_OS_USER)
            self.root.symlink_to(outside)
            say(f"the local PostgreSQL lives in {outside} (linked from {self.root})")

    @property
    def socket_dir(self):
        # A Unix socket path is limited to 107 bytes.
        if len(str(self.root.resolve())) < 80:
            return self.root.resolve()
        return Path("/tmp")

    def is_running(self):
        status = run(
            self._as_owner([pg_bin("pg_ctl"), "status", "-D", self.data_dir]), check=False, capture_output=True
        )
        return status.returncode == 0

    def start(self):
        self._prepare_root()
        if not (self.data_dir / "PG_VERSION").exists():
            say(f"creating a local PostgreSQL cluster in {self.data_dir}")
            run(
                self._as_owner(
                    [
                        pg_bin("initdb"),
                        "-D",
                        self.data_dir,
                        "-U",
                        PG_ROLE,
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C",
                    ]
                ),
                stdout=subprocess.DEVNULL,
            )
        if self.is_running():
            return
        say("starting the local PostgreSQL")
        options = f"-k {self.socket_dir} -p {PG_PORT} -c listen_addresses=''"
        run(
            self._as_owner(
                [
                    pg_bin("pg_ctl"),
                    "start",
                    "-w",
                    "-D",
                    self.data_dir,
                    "-l",
                    self.root / "postgres.log",
                    "-o",
                    options,
                ]
            ),
            stdout=subprocess.DEVNULL,
        )

    def stop(self):
        if self.data_dir.exists() and self.is_running():
            run(self._as_owner([pg_bin("pg_ctl"), "stop", "-m", "fast", "-D", self.data_dir]))
            say("local PostgreSQL stopped")
        else:
            say("local PostgreSQL is not running")

    def connection(self):
        return {"host": str(self.socket_dir), "port": PG_PORT, "user": PG_ROLE, "password": ""}


def database_connection():
    if EXTERNAL_DB.get("host"):
        return EXTERNAL_DB
    cluster = LocalCluster()
    cluster.start()
    return cluster.connection()


def psql(conn, database, query):
    env = dict(os.environ, PGPASSWORD=conn.get("password", ""))
    cmd = [pg_bin("psql"), "-X", "-A", "-t", "-h", conn["host"], "-d", database, "-c", query]
    if conn.get("port"):
        cmd += ["-p", conn["port"]]
    if conn.get("user"):
        cmd += ["-U", conn["user"]]
    return run(cmd, capture_output=True, text=True, env=env).stdout.strip()


def database_exists(conn, name):
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    return psql(conn, "postgres", query) == "1"


def installed_module_count(conn, name):
    names = ", ".join(f"'{module}'" for module in MODULES)
    query = f"SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ({names})"
    return int(psql(conn, name, query) or 0)


def write_odoo_config(conn, name, http_port=HTTP_PORT):
    config = RUN_DIR / f"{name}.conf"
    lines = [
        "[options]",
        f"addons_path = {REPO}",
        f"data_dir = {RUN_DIR / 'odoo-data'}",
        f"db_host = {conn['host']}",
        f"db_port = {conn.get('port') or 5432}",
        f"db_user = {conn.get('user') or ''}",
        f"db_password = {conn.get('password') or ''}",
        f"db_name = {name}",
        f"dbfilter = ^{name}$",
        "list_db = False",
        f"http_interface = {HTTP_HOST}",
        f"http_port = {http_port}",
        "admin_passwd = admin",
    ]
    RUN_DIR.mkdir(exist_ok=True)
    config.write_text("\n".join(lines) + "\n")
    return config


def odoo(*args, **kwargs):
    return run([sys.executable, "-m", "odoo", *args], **kwargs)


def odoo_test_args(config, name, test_tags):
    """Odoo's command line that installs the add-ons into ``name`` and runs the tests of ``test_tags``."""
    return [
        "server", "-c", config, "-d", name, "-i", ",".join(MODULES),
        "--test-enable", "--stop-after-init", "--test-tags", ",".join(test_tags),
    ]  # fmt: skip


def create_database(config, name, log_file=None, install=True):
    """A new database with Indian localisation and demo data, then the three add-ons."""
    say(f"creating database {name} with demo data (a few minutes the first time)")
    out = open(log_file, "a") if log_file else None  # noqa: SIM115
    try:
        odoo("db", "-c", config, "init", name, "--with-demo", "--country", COUNTRY, stdout=out, stderr=out)
        if install:
            install_modules(config, name, out)
    finally:
        if out:
            out.close()


def install_modules(config, name, out=None):
    odoo(
        "server",
        "-c",
        config,
        "-d",
        name,
        "-i",
        ",".join(MODULES),
        "--stop-after-init",
        stdout=out,
        stderr=out,
    )


@contextmanager
def throwaway_test_database(suffix, log, keep=False):
    """(name, config) of a new <DB>_<suffix> with demo data for a test run; dropped afterwards unless kept."""
    ensure_odoo()
    ensure_requirements()
    ensure_chromium()
    conn = database_connection()
    name = f"{DB_NAME}_{suffix}"
    config = write_odoo_config(conn, name, http_port=free_port())
    log.parent.mkdir(parents=True, exist_ok=True)
    drop_database(conn, name)
    try:
        log.write_text("")
        create_database(config, name, log_file=log, install=False)
        yield name, config
    finally:
        if not keep:
            drop_database(conn, name)


def drop_database(conn, name):
    if database_exists(conn, name):
        psql(conn, "postgres", f'DROP DATABASE "{name}" WITH (FORCE)')
    shutil.rmtree(RUN_DIR / "odoo-data" / "filestore" / name, ignore_errors=True)
