"""Suite-level fixtures for pytest-odoo (run by `make test`, see README)."""

import shutil
import sys
import threading
from pathlib import Path
from unittest.mock import patch

import pytest

from odoo import sql_db
from odoo.tools import SQL, config

# The suite's one list of add-ons is the tools'; the tests import it from there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from suite_common import MODULES


def _test_database():
    names = config["db_name"]
    return names[0] if isinstance(names, list) else names


def _uninstall_database(module):
    return f"{_test_database()}_uninstall_{module}"


def _scratch_databases():
    """Private copies of the test database: one per uninstall case, one for real commits."""
    return [_uninstall_database(module) for module in MODULES] + [f"{_test_database()}_commits"]


def _copy_database(source, target):
    with sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True  # CREATE DATABASE cannot run in a transaction
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(target)))
        cr.execute(SQL("CREATE DATABASE %s TEMPLATE %s", SQL.identifier(target), SQL.identifier(source)))
    filestore = config.filestore(source)
    shutil.rmtree(config.filestore(target), ignore_errors=True)
    if shutil.os.path.isdir(filestore):
        shutil.copytree(filestore, config.filestore(target))


def _drop_database(name):
    with sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def pytest_sessionstart(session):
    """Copy the test database for the uninstall tests before anything connects to it.

    PostgreSQL only copies a database nobody is connected to, and pytest-odoo
    opens its connections when the first test starts.
    """
    if config["db_name"]:
        for name in _scratch_databases():
            _copy_database(_test_database(), name)


def pytest_sessionfinish(session, exitstatus):
    if config["db_name"]:
        for name in _scratch_databases():
            _drop_database(name)


@pytest.fixture
def uninstall_database():
    """The name of a private copy of the test database, by module."""
    return _uninstall_database


@pytest.fixture
def committing_registry():
    """The registry of a private copy of the test database, where tests may commit."""
    from odoo.modules.registry import Registry  # noqa: PLC0415 (needs the configured Odoo)

    # Loading a registry under pytest-odoo would otherwise collect Odoo's own test suites.
    with patch.dict(config.options, {"test_enable": False}):
        return Registry(f"{_test_database()}_commits")


def superuser_env(cr):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (needs the configured Odoo)

    return api.Environment(cr, SUPERUSER_ID, {})


@pytest.fixture
def run_twice_at_once(committing_registry):
    """Run ``job(env)`` in two threads released together, each in its own transaction; return their errors."""

    def run(job):
        start_together = threading.Barrier(2)
        errors = []

        def worker():
            try:
                with committing_registry.cursor() as cr:
                    env = superuser_env(cr)
                    start_together.wait(timeout=30)
                    job(env)
            except Exception as error:
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        return errors

    return run
