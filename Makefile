# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SIZE ?= small
ARGS ?=

.PHONY: install demo run test lint format bench messages clean-data

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Start the platform with demo data (embedded PostgreSQL and Redis unless configured).
demo: $(STAMP)
	$(PY) -m credit_platform.launcher demo

## Web, worker and beat against the configured services, without demo data.
run: $(STAMP)
	$(PY) -m credit_platform.launcher run

## The whole test suite (make test ARGS="tests/core -x" for a part).
test: $(STAMP)
	$(PY) -m credit_platform.launcher test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=true $(VENV)/bin/mypy .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Benchmarks: make bench (small, minutes) or make bench SIZE=full (the sizes the issues name).
bench: $(STAMP)
	$(PY) -m credit_platform.launcher bench --size $(SIZE)

## Collect new strings into <app>/locale/zh_Hans/.../django.po and compile the catalogues.
messages: $(STAMP)
	for app in credit_platform catalogue collection disclosure commitments; do \
	  mkdir -p $$app/locale && (cd $$app && DJANGO_DEBUG=true ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete -v 0) || exit 1; \
	done
	$(PY) tools/translations.py compile

clean-data:
	rm -rf .data
