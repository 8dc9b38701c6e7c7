# CRM Suite for Odoo 19: the commands of README.md.
# Settings (environment or `make VAR=value`): DB, HTTP_HOST, HTTP_PORT, COUNTRY,
# ODOO_SOURCE, ODOO_HOME, DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (external PostgreSQL).
PYTHON ?= python3
SUITE := $(PYTHON) tools/suite.py

export DB HTTP_HOST HTTP_PORT COUNTRY ODOO_SOURCE ODOO_HOME DB_HOST DB_PORT DB_USER DB_PASSWORD

BENCH_CUSTOMERS ?= 100000
BENCH_LINES ?= 1000000
LOAD_SECONDS ?= 60
LOAD_USERS ?= 10
LOAD_WORKERS ?= 2

.PHONY: run test odoo-tests first-run stop lint i18n bench load screenshots

## Start Odoo with the three add-ons and demo data on http://127.0.0.1:8069
run:
	@$(SUITE) run

## Install everything into a throwaway database and run every test
test:
	@$(SUITE) test

## Odoo's own tests of crm, sale, loyalty, sale_loyalty, repair, mass_mailing(_sms), account's payment register and portal, with the suite installed
odoo-tests:
	@$(SUITE) odoo-tests

## `make test` as a newcomer meets it: a clean virtualenv, Odoo from a local archive of this machine's Odoo
first-run:
	@$(SUITE) first-run

## Stop the project-local PostgreSQL
stop:
	@$(SUITE) stop

## Ruff, pylint-odoo and the OCA checks through pre-commit
lint:
	@$(SUITE) lint

## Time the segmentation recompute: BENCH_CUSTOMERS customers, BENCH_LINES invoice lines
bench:
	@$(SUITE) bench --customers $(BENCH_CUSTOMERS) --lines $(BENCH_LINES)

## Load <DB>_load with LOAD_USERS locust users for LOAD_SECONDS s (crons on); LOAD_KEEP=1 reuses and keeps it
load:
	@$(SUITE) load --seconds $(LOAD_SECONDS) --users $(LOAD_USERS) --workers $(LOAD_WORKERS) $(if $(LOAD_KEEP),--keep)

## Refresh each add-on's i18n/<module>.pot and i18n/hi.po
i18n:
	@$(SUITE) i18n

## Refresh docs/screenshots from the pages the journey tours end on
screenshots:
	@$(SUITE) screenshots
