# PAIR Commissioning Toolkit. Quick start: `make run`, then `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Development settings unless the caller says otherwise.
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: help run test lint check bench install install-dev clean

help:
	@echo "make run    - set up everything and serve http://127.0.0.1:8000"
	@echo "make test   - lint, checks and the whole test suite (including browser tests)"
	@echo "make bench  - benchmarks against a bare Django view / bare WeasyPrint render"

$(VENV)/bin/python:
	@python=$$(bin/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	bin/system-deps run
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	bin/system-deps test
	$(PY) -m pip install --quiet -r requirements-dev.txt
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

test: lint check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install-dev
	bin/system-deps bench
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var/static
