# Samvær: the entry points for people and CI. `make run` and `make test` need no service.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian's chromium, driven by Playwright in the browser tests.
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-fast lint format messages browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,scale]'
	touch $@

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { apt-get update -q && apt-get install -y -q gettext; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v0

run: $(VENV)/.installed messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py match
	DEBUG=1 $(BIN)/python manage.py collectstatic --noinput -v0
	@echo
	@echo "Samvær kører på http://$(HOST):$(PORT)/  (Ctrl-C stopper)"
	@echo "Django-admin: http://$(HOST):$(PORT)/admin/   API: http://$(HOST):$(PORT)/api/v1/docs/"
	DEBUG=1 $(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

# Debian's chromium for the browser tests (Playwright's own download does not work here).
browser:
	@test -x $(CHROMIUM) || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: $(VENV)/.installed messages browser
	$(BIN)/pytest -m "not scale"

test-fast: $(VENV)/.installed messages
	$(BIN)/pytest -m "not scale and not browser" -x -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Instant suggestions over 50,000 activities against a plain loop (figures: benchmarks/README.md).
.PHONY: bench
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/suggest.py

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
