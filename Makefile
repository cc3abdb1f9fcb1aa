# Assure: the two commands a new user needs are `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run prod-local test fuzz loadtest bench security-report import-report backup restore install install-test lock clean-db help

run: $(VENV)/.installed-base static/dist/assure.css ## Install, migrate, load the demo and serve on 127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Assure is starting on http://127.0.0.1:8000/ : log in with a demo login above."
	@echo "The operators' admin is at http://127.0.0.1:8000/admin/ (log in as demo-operator)."
	@echo "Business managers and demo-operator also give a two-factor code: $(BIN)/python manage.py demo_code <username>"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

prod-local: $(VENV)/.installed-base static/dist/assure.css ## Run as production does, on this machine: nginx on 127.0.0.1:8100, two gunicorn processes, PostgreSQL assure_prodlocal, Redis 1
	$(BIN)/python scripts/prod-local

# When make started, for the wall time scripts/test-databases prints at the end.
test: TEST_STARTED := $(shell date +%s)
test: $(VENV)/.installed-test static/dist/assure.css ## Install what the tests need and run every test on PostgreSQL, and on SQLite what the demo and SQLite need
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=assure.settings.test
	$(BIN)/python manage.py check --settings=assure.settings.test
	TEST_STARTED=$(TEST_STARTED) scripts/test-databases

fuzz: $(VENV)/.installed-test static/dist/assure.css ## Post every form many new random examples (FUZZ_EXAMPLES per form, default 100) on SQLite and PostgreSQL
	HYPOTHESIS_PROFILE=fuzz scripts/test-databases tests/assure/test_form_fuzzing.py

loadtest: $(VENV)/.installed-test ## Load-test the running service on 127.0.0.1 with Locust (LOADTEST_USERS, LOADTEST_TIME; needs generate_load_data)
	$(BIN)/python scripts/loadtest.py

bench: $(VENV)/.installed-test static/dist/assure.css ## Print the speed figures (board paper PDFs, dashboard)
	$(BIN)/python scripts/bench_papers.py
	$(BIN)/python scripts/bench_dashboard.py

security-report: $(VENV)/.installed-test static/dist/assure.css ## Run the security tests on SQLite and PostgreSQL; print one line per property
	$(BIN)/python scripts/security_report.py

import-report: $(VENV)/.installed-test ## Import each plan of the import corpus as a new user would; print per file and field the cells right, in a wrong field, lost
	$(BIN)/python scripts/import_report.py $(if $(BRIEF),--brief)

backup: $(VENV)/.installed-base ## Back up the database and the uploaded files into backups/assure-<date-time>/
	$(BIN)/python manage.py backup

restore: $(VENV)/.installed-base ## Restore a backup: make restore BACKUP=backups/assure-<date-time> (FORCE=1 to replace a database in use)
	@test -n "$(BACKUP)" || { echo "Say which backup to restore: make restore BACKUP=backups/assure-<date-time>"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Assure needs Python 3.11: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	@# Python 3.11's own pip (23.2) drops the pin of a package asked for with extras (fonttools[woff]) under --require-hashes.
	$(BIN)/python -m pip install --quiet 'pip==25.3'
	@touch $@

$(VENV)/.installed-base: requirements/base.txt $(VENV)/.python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@ $(VENV)/.installed-base

# Front-end packages come from the npm registry through the committed package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/dist/assure.css: node_modules/.installed $(wildcard static/scss/*.scss) scripts/copy-frontend-assets.mjs
	npm run build

lock: ## Re-pin every dependency from pyproject.toml (needs uv on the PATH: pip install uv)
	@command -v uv >/dev/null || { echo "make lock needs uv (https://docs.astral.sh/uv/): pip install uv"; exit 2; }
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements/test.txt

clean-db: $(VENV)/.installed-base ## Remove the SQLite database DATABASE_URL names and the uploads under MEDIA_ROOT (the next `make run` loads the demo afresh); refuses PostgreSQL
	$(BIN)/python manage.py clean_demo_data


help: ## List these commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 18
