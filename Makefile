# PAIR Commissioning Toolkit. Quick start: `make run`, then `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Development settings unless the caller says otherwise.
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: help run test lint check typecheck audit upgrade lock bench install install-dev clean serve soak soak-pdf

help:
	@echo "make run    - set up everything and serve http://127.0.0.1:8000"
	@echo "make test   - lint, checks and the whole test suite (including browser tests)"
	@echo "make bench  - benchmarks against a bare Django view / bare WeasyPrint render"
	@echo "make audit  - report known vulnerabilities in the pinned requirements (not part of make test)"
	@echo "make upgrade - recompile the pins to the latest releases, install them, run make test"
	@echo "make lock   - recompile the pins after editing requirements*.in (no upgrades)"
	@echo "make serve  - production mode: gunicorn + PDF worker on PostgreSQL (needs DATABASE_URL)"
	@echo "make soak   - 50 commissioners for 60 s on PostgreSQL, then again with faults"
	@echo "make soak-pdf - render the results PDF 1,000 times in one process and compare memory"

$(VENV)/bin/python:
	@python=$$(bin/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	bin/system-deps run
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	bin/system-deps test
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) load_content
	$(DEV_ENV) $(MANAGE) seed_demo
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install-dev
	$(DEV_ENV) $(MANAGE) check
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

# The pure modules (economics, scoring, permissions, charts, parsers) type-checked by
# mypy with django-stubs; the list is [tool.mypy] files in pyproject.toml.
typecheck: install-dev
	$(DEV_ENV) $(VENV)/bin/mypy

# Known vulnerabilities in the pinned requirements (pip-audit, then PyPI's advisory data).
# Exit 1 only for a known vulnerability; what could not be checked is reported, not failed
# (commissioning/datasafety/dependency_audit.py). Not part of `make test`: CI runs it after.
audit: install-dev
	$(PY) -m commissioning.datasafety.dependency_audit requirements.txt requirements-dev.txt

# Deterministic for a given commit: no network look-ups, no calendar.
test: lint check typecheck
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The pins: requirements*.in name the direct dependencies; pip-compile writes every
# package, pinned, with hashes, to requirements*.txt. `make lock` after editing a *.in
# file keeps every other pin; `make upgrade` moves everything to the latest releases
# the *.in files allow, installs them and runs the suite.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock (or make upgrade)" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: install-dev
	$(PIP_COMPILE) $(COMPILE_ARGS) -o requirements.txt requirements.in
	$(PIP_COMPILE) $(COMPILE_ARGS) -o requirements-dev.txt requirements-dev.in

upgrade:
	$(MAKE) lock COMPILE_ARGS=--upgrade
	$(MAKE) test

bench: install-dev
	bin/system-deps bench
	$(PY) bench/run.py
	$(PY) bench/heavy_case_bench.py

clean:
	rm -rf $(VENV) var/static

# --- make serve: production mode on this machine ---------------------------------------
# gunicorn (GUNICORN_WORKERS, default 2 x cores) and a PDF worker side by side, on
# PostgreSQL, DJANGO_DEBUG=0. The worker is restarted after every
# DOCUMENT_WORKER_MAX_TASKS jobs (WeasyPrint's memory creeps) or if it dies. Ctrl+C (or
# SIGTERM to make) stops both. Plain HTTP on loopback by default; behind TLS set
# DJANGO_SECURE_SSL_REDIRECT=1 and SERVE_BIND, DJANGO_ALLOWED_HOSTS as needed.
PROD_ENV := DJANGO_DEBUG=0 \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0}

define SERVE_SCRIPT
set -uo pipefail
workers="$${GUNICORN_WORKERS:-$$((2 * $$(nproc)))}"
bind="$${SERVE_BIND:-127.0.0.1:8000}"
stop() {
  trap - INT TERM
  kill -TERM "$$web" "$$pdf" 2>/dev/null
  wait "$$web" "$$pdf" 2>/dev/null
}
trap 'stop; exit 0' INT TERM
(
  trap 'kill -TERM "$$child" 2>/dev/null; wait "$$child"; exit 0' TERM
  while :; do
    $(MANAGE) db_worker --queue-name documents --no-reload \
      --max-tasks "$${DOCUMENT_WORKER_MAX_TASKS:-50}" & child=$$!
    wait "$$child" || sleep 1
  done
) & pdf=$$!
$(VENV)/bin/gunicorn toolkit.wsgi --workers "$$workers" --bind "$$bind" \
  --max-requests 1000 --max-requests-jitter 100 --timeout 30 & web=$$!
echo "Serving http://$$bind: $$workers gunicorn workers and a PDF worker (Ctrl+C stops both)"
wait -n "$$web" "$$pdf"
echo "make serve: a process stopped; stopping the other" >&2
stop
exit 1
endef
export SERVE_SCRIPT

serve: install
	@if [ -z "$${DATABASE_URL:-}" ]; then \
	  echo "make serve runs in production mode on PostgreSQL: set DATABASE_URL," \
	       "e.g. DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME make serve" >&2; exit 1; fi
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make serve needs PostgreSQL: DATABASE_URL must start with postgres://" >&2; exit 1;; esac
	@if [ -z "$${DJANGO_SECRET_KEY:-}" ]; then \
	  echo "make serve needs DJANGO_SECRET_KEY (a long random string), e.g." \
	       "export DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" >&2; \
	  exit 1; fi
	$(PROD_ENV) $(MANAGE) migrate --noinput
	$(PROD_ENV) $(MANAGE) load_content
	$(PROD_ENV) $(MANAGE) collectstatic --noinput -v0
	@$(PROD_ENV) bash -c "$$SERVE_SCRIPT"

# Memory soak: the results PDF rendered 1,000 times through the worker's code path in
# one process; RSS after 1,000 must stay within 1.5 x RSS after 50. Takes minutes.
soak-pdf: install
	$(PY) bench/pdf_memory.py $(SOAK_ARGS)

# Load and fault test (loopback only, bounded): 50 simulated commissioners for 60 s
# against gunicorn on PostgreSQL, then the same with a PostgreSQL restart and a killed
# worker; the saved answers are checked in the database after each run.
soak: install-dev
	$(PY) bench/soak.py --users 50 --seconds 60
	$(PY) bench/soak.py --users 50 --seconds 60 --faults
