# Strategiewerkstatt — the commands the README tells people to type.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
PORT ?= 8000
# Debian packages: PDF rendering (Pango, fonts), browser tests (chromium), PDF inspection
# (poppler-utils), a throw-away PostgreSQL for the tests and Java for the Nu Html Checker.
DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core \
        chromium poppler-utils postgresql gettext python3-venv openjdk-17-jre-headless

.PHONY: install debs run test test-quick lint bench messages vendor clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Installs missing Debian packages when run as root; otherwise says what is missing.
debs:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install these Debian packages: $$missing"; fi; \
	fi

run: debs install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input --verbosity 0
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "  Strategiewerkstatt: http://127.0.0.1:$(PORT)/"
	@echo "  Anmelden als Moderation: Benutzername 'moderation', Passwort 'werkstatt-demo'"
	@echo
	@# The worker that renders PDFs in the background runs beside the server and ends with it.
	DJANGO_DEBUG=1 $(PY) manage.py db_worker --interval 1 --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, browser tests included, on PostgreSQL: DATABASE_URL when given,
# else a throw-away local cluster (scripts/with-postgres.sh starts and removes it).
# Then the live workshop in the browser once more on the embedded SQLite default, which
# `make run` uses: phones and cockpit at once, against SQLite's own locking.
test: debs install
	scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)
	env -u DATABASE_URL $(PY) -m pytest -q tests/browser/test_live.py

# Non-browser tests on the embedded SQLite default, the parallel-request tests included (only
# what needs PostgreSQL itself is left out).
test-quick: install
	env -u DATABASE_URL $(PY) -m pytest -m "not browser and not postgres" -q $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') DJANGO_SECURE=1 DJANGO_ALLOWED_HOSTS=strategie.example.org $(PY) manage.py check --deploy --fail-level WARNING

# BENCH_LIVE_ONLY=1: only the live workshop under load (bench/live.py), not the page and PDF figures.
bench: debs install
ifndef BENCH_LIVE_ONLY
	scripts/with-postgres.sh $(PY) bench/run.py
endif
	scripts/with-postgres.sh $(PY) bench/live.py

messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l de --no-location --no-wrap --ignore=.venv --ignore=staticfiles
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages -l de --ignore=.venv

vendor:
	scripts/vendor-kern.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
