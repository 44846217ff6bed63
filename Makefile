# Engage: `make run` serves the demo, `make test` runs the whole suite. Both bootstrap .venv
# from the pinned requirements, so a machine needs only Python 3.11+ and make.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

# The first of these that is Python 3.11 or newer (override: make run PYTHON=/path/to/python).
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; exit 0; }; done; echo python3)
endif

# The demo runs with DEBUG on (dev server, static files from the source tree) unless told otherwise.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true} ENGAGE_SITE_URL=$${ENGAGE_SITE_URL:-http://127.0.0.1:$(PORT)}

.PHONY: run test ci check-python clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Engage needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'

# Stamp files: dependencies are reinstalled only when a requirements file changes.
$(VENV)/.run-deps: requirements.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV); on Debian/Ubuntu install the python3-venv package." >&2; exit 1; }
	$(PIP) --upgrade pip
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	@touch $@

run: $(VENV)/.run-deps
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo ""
	@echo "  Engage is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Sign in at http://127.0.0.1:$(PORT)/accounts/login/ with password engage-demo as"
	@echo "    admin@example.org        site admin"
	@echo "    manager@example.org      workspace manager of the Demo programme"
	@echo "    contributor@example.org  contributor"
	@echo "    reader@example.org       reader"
	@echo "    outsider@example.org     signed up, not a member"
	@echo "  Mail is printed here instead of being sent. Stop with Ctrl+C."
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# SQLite and in-process tasks by default; DATABASE_URL / REDIS_URL in the environment switch
# the suite to PostgreSQL and Redis (as .ci/run does).
test: $(VENV)/.test-deps
	ENGAGE_TESTING=true $(PY) -m pytest $(PYTEST_ARGS)

# What CI runs: PostgreSQL, Redis and Chromium, then the suite and the migrations check.
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
