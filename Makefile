# Engage: `make run` serves the demo, `make test` runs the whole suite. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test check-python migrate demo clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Engage needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'

$(VENV)/.run-deps: requirements.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.run-deps
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo
	@echo ""
	@echo "  Engage is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Sign in at http://127.0.0.1:$(PORT)/accounts/login/ with password engage-demo as"
	@echo "  admin@example.org (site admin), manager@example.org, contributor@example.org,"
	@echo "  reader@example.org or outsider@example.org.  Stop with Ctrl+C."
	@echo ""
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.test-deps
	ENGAGE_TESTING=true $(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
