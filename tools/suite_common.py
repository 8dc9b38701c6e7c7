"""Paths, settings from the environment and the small helpers every command uses."""

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


RUN_DIR = REPO / ".run"


MODULES = (
    "crm_suite",
    "crm_suite_loyalty",
    "crm_suite_service",
    "crm_suite_marketing",
    "crm_suite_service_loyalty",
    "crm_suite_credit",
)


ODOO_SERIES = 19


DEFAULT_ODOO_SOURCE = "https://github.com/odoo/odoo/archive/refs/heads/19.0.tar.gz"


ODOO_SOURCE = os.environ.get("ODOO_SOURCE") or DEFAULT_ODOO_SOURCE


ODOO_HOME = Path(os.environ.get("ODOO_HOME") or Path.home() / ".local" / "share" / "crm-suite" / "odoo-19.0")


DB_NAME = os.environ.get("DB") or "crm_suite"


HTTP_HOST = os.environ.get("HTTP_HOST") or "127.0.0.1"


HTTP_PORT = os.environ.get("HTTP_PORT") or "8069"


COUNTRY = os.environ.get("COUNTRY") or "IN"


# An external PostgreSQL server is used as soon as DB_HOST is set.
EXTERNAL_DB = {
    key: os.environ[f"DB_{key.upper()}"]
    for key in ("host", "port", "user", "password")
    if os.environ.get(f"DB_{key.upper()}")
}


PG_OS_USER = "crm_suite_pg"  # owns the local cluster when we run as root


PG_ROLE = "odoo"  # Odoo refuses to connect as "postgres"


PG_PORT = "5432"  # the local cluster only listens on its Unix socket


def say(message):
    print(f"[crm-suite] {message}", flush=True)


def die(message):
    print(f"[crm-suite] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run([str(c) for c in cmd], **kwargs)


def pip_install(*args):
    run([sys.executable, "-m", "pip", "install", "--quiet", *args])


def ensure_requirements():
    """Install requirements.txt once per content change and interpreter (a marker keeps their hash)."""
    requirements = REPO / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes() + sys.prefix.encode()).hexdigest()
    marker = RUN_DIR / "requirements.sha256"
    if marker.exists() and marker.read_text() == digest:
        return
    say("installing Python packages from requirements.txt")
    pip_install("-r", requirements)
    RUN_DIR.mkdir(exist_ok=True)
    marker.write_text(digest)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
