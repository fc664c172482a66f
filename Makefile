# Telmico CRM. See README.md.
SHELL := /bin/bash
DB ?= telmico
DEMO_SIZE ?= 2000
HTTP_PORT ?= 8069
PY := .venv/bin/python

.PHONY: setup run test lint format i18n clean-db

setup:  ## system packages, .venv, Odoo 18, PostgreSQL running with a role (idempotent)
	@bash tools/setup.sh

run: setup  ## database $(DB) with every Telmico addon and demo data, served on 127.0.0.1:$(HTTP_PORT)
	@DB=$(DB) DEMO_SIZE=$(DEMO_SIZE) HTTP_PORT=$(HTTP_PORT) $(PY) tools/run.py

test: setup  ## every test on throw-away databases; last line "N passed, M failed"
	@$(PY) tools/run_tests.py $(TEST_ARGS)

lint: setup  ## ruff, pylint-odoo and the XML guards
	@bash tools/lint.sh

format: setup
	@.venv/bin/ruff format addons simulators tests tools && .venv/bin/ruff check --fix addons simulators tests tools

clean-db:  ## drop the demo database $(DB) so that the next `make run` rebuilds it
	@psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS "$(DB)" WITH (FORCE)' && rm -rf .local/data/filestore/$(DB)

i18n: setup  ## refresh .pot files from the demo database and merge them into ka.po
	@bash tools/i18n.sh
