# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
# The PostgreSQL leg of `make test` uses DATABASE_URL, or this local server when it answers.
LOCAL_POSTGRES := postgres://postgres@127.0.0.1:5432/postgres
# Production-like variables for `check --deploy`.
DEPLOY_ENV := DJANGO_DEBUG= DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') DJANGO_ALLOWED_HOSTS=api.example.com

.PHONY: run demo serve test test-sqlite test-postgres lint typecheck checks audit pytest-sqlite pytest-standalone pytest-postgres schema bench bench-scale soak wrk clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changed.
$(INSTALLED): $(BIN)/python requirements/*.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	touch $@

run: $(INSTALLED)
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	@echo
	@echo "  An empty database? make demo: an admin to sign in with and 50 widgets, then this server."
	@echo "  Create an admin user:  DJANGO_DEBUG=1 $(MANAGE) createsuperuser"
	@$(MAKE) --no-print-directory serve

# `make run` with something to look at: an admin (created once, a new password printed on every
# run) and 50 more widgets, their deadlines from today on.
DEMO_ADMIN := admin@example.com
demo: $(INSTALLED)
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) demo_admin --email $(DEMO_ADMIN)
	DJANGO_DEBUG=1 $(MANAGE) seed_widgets --count 50 --from-today --owner $(DEMO_ADMIN) --verbosity 0
	@$(MAKE) --no-print-directory serve

# What `run` and `demo` end with: the development server and the mail worker.
serve: $(INSTALLED)
	@echo
	@echo "  API root:    http://127.0.0.1:8000/api/v1/"
	@echo "  Swagger UI:  http://127.0.0.1:8000/api/docs/"
	@echo "  Redoc:       http://127.0.0.1:8000/api/redoc/"
	@echo "  Admin:       http://127.0.0.1:8000/admin/"
	@echo "  Mail (verification, password reset, ...) is printed here by the worker."
	@echo
	@# The worker delivers queued mail (the Procfile's `worker`); it stops with the server.
	DJANGO_DEBUG=1 $(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Both legs; CI runs each in its own job (.circleci/config.yml).
test: test-sqlite test-postgres

# Everything that needs no PostgreSQL: linters, type and deploy checks, the audit, the SQLite
# suite (with the browser tests and the fuzzer) and the reusability test.
test-sqlite: $(INSTALLED) lint typecheck checks audit pytest-sqlite pytest-standalone

test-postgres: $(INSTALLED) pytest-postgres

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	DJANGO_DEBUG=1 $(BIN)/mypy .

checks: $(INSTALLED)
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING
	@# The OpenAPI document validates with no warning at all, and docs/openapi.yaml is current.
	DJANGO_DEBUG=1 $(MANAGE) spectacular --validate --fail-on-warn --file $(VENV)/openapi.yaml
	@diff -u docs/openapi.yaml $(VENV)/openapi.yaml || \
		{ echo "docs/openapi.yaml is out of date: run 'make schema' and commit it." >&2; exit 1; }

# Regenerates docs/openapi.yaml, the committed OpenAPI document.
schema: $(INSTALLED)
	DJANGO_DEBUG=1 $(MANAGE) spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Fails on a known vulnerability in requirements/*.txt; see .ci/pip_audit.py for the offline case.
audit: $(INSTALLED)
	$(BIN)/python .ci/pip_audit.py

# The browser tests (marker `browser`) run in this leg only: they test pages, not the database.
pytest-sqlite: $(INSTALLED)
	env -u DATABASE_URL $(BIN)/pytest --cov --cov-report=term -m "not postgres"

# The reusability test: the widgets app's own tests in a project with Django's User, no accounts.
pytest-standalone: $(INSTALLED)
	env -u DATABASE_URL $(BIN)/pytest widgets --ds=widgets.tests.settings -m "not postgres"

pytest-postgres: $(INSTALLED)
	@url="$${DATABASE_URL:-$(LOCAL_POSTGRES)}"; \
	if ! $(BIN)/python -c "import psycopg2, sys; psycopg2.connect(sys.argv[1], connect_timeout=3).close()" "$$url" 2>/dev/null; then \
		if [ -n "$${DATABASE_URL:-}" ]; then echo "PostgreSQL at DATABASE_URL does not answer." >&2; exit 1; fi; \
		echo "No PostgreSQL answers on 127.0.0.1:5432: the PostgreSQL leg is not run (set DATABASE_URL to run it)."; exit 0; \
	fi; \
	DATABASE_URL="$$url" $(BIN)/pytest --cov --cov-report=term -m "not browser"

# The load benchmark (README "Performance"): PostgreSQL at DATABASE_URL, else a local database
# it creates; Redis at REDIS_URL, else the local one (both started when down, as in CI).
bench: $(INSTALLED) wrk
	$(BIN)/python -m bench.run

bench-scale: $(INSTALLED) wrk
	$(BIN)/python -m bench.scale

# The soak (README "Security"): a mixed load under gunicorn on PostgreSQL for SOAK_SECONDS,
# then a check that no request failed and no write was lost or duplicated. Not part of `test`.
SOAK_SECONDS ?= 120
soak: $(INSTALLED)
	$(BIN)/python -m bench.soak $(SOAK_SECONDS)

wrk:
	@command -v wrk >/dev/null || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq wrk; \
	}

clean:
	rm -rf $(VENV) .coverage .mypy_cache .ruff_cache .pytest_cache staticfiles test-artifacts
