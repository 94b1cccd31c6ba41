# Samvær: the entry points for people and CI. `make run` and `make test` need no service.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian's chromium, driven by Playwright in the browser tests.
CHROMIUM := /usr/bin/chromium

.PHONY: test-fuzz run test test-fast lint format messages browser clean bench bench-nearby bench-suggest test-scale serve-scale bench-load

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
	DEBUG=1 $(BIN)/python manage.py load_demo --match
	DEBUG=1 $(BIN)/python manage.py collectstatic --noinput -v0
	@echo
	@echo "Samvær kører på http://$(HOST):$(PORT)/  (Ctrl-C stopper)"
	@echo "Django-admin: http://$(HOST):$(PORT)/admin/   API: http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "Beskeder (e-mail og SMS) vises her i konsollen; planlæggeren kører i baggrunden."
	DEBUG=1 $(BIN)/python manage.py run_scheduler & \
		trap 'kill $$! 2>/dev/null' EXIT; \
		DEBUG=1 $(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

# Debian's chromium for the browser tests (Playwright's own download does not work here).
browser:
	@test -x $(CHROMIUM) || [ "$$(id -u)" = 0 ] || { \
		echo "The browser tests need Debian's chromium at $(CHROMIUM)."; \
		echo "Install it as root:  sudo apt-get install chromium   (then run make test again)"; \
		exit 1; }
	@test -x $(CHROMIUM) || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
		|| { echo "apt-get could not install chromium: install it (apt-get install chromium) and run make test again."; exit 1; }

test: $(VENV)/.installed messages browser
	$(BIN)/pytest -m "not scale"

# Schemathesis at full strength (more than 5,000 calls; `make test` runs a short version).
test-fuzz: $(VENV)/.installed messages
	SCHEMATHESIS_MAX_EXAMPLES=20 SCHEMATHESIS_SCENARIOS=40 \
	  $(BIN)/pytest tests/security/test_api_schema_fuzz.py -q -s -p no:randomly

test-fast: $(VENV)/.installed messages
	$(BIN)/pytest -m "not scale and not browser" -x -q

# The benchmarks (figures in benchmarks/README.md): the finder's nearby search
# (ACTIVITIES="100000" for a short run) and instant suggestions over 50,000 activities.
ACTIVITIES ?= 100000 1000000
bench: bench-nearby bench-suggest
bench-nearby: $(VENV)/.installed
	$(BIN)/python benchmarks/nearby.py --activities $(ACTIVITIES)
bench-suggest: $(VENV)/.installed
	$(BIN)/python benchmarks/suggest.py

# The suite on PostgreSQL and Redis on 127.0.0.1, the scale-marked tests included (browser
# tests stay with `make test`). deploy/ensure-services starts the services if they are down.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/samvaer_scale
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/15
test-scale: $(VENV)/.installed messages
	deploy/ensure-services
	DATABASE_URL=$(SCALE_DATABASE_URL) REDIS_URL=$(SCALE_REDIS_URL) \
	  REDIS_PREFIX=samvaer-test-$$$$ \
	  $(BIN)/pytest -m "not browser and not sqlite_only" --create-db --timeout=300 -q

# gunicorn (HTTP), uvicorn (WebSockets) and the task worker; see docs/scale-out.md.
serve-scale: $(VENV)/.installed messages
	deploy/serve-scale

# The load benchmark (not in CI): wrk from Debian's packages, PostgreSQL and Redis.
bench-load: $(VENV)/.installed messages
	@command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
	deploy/ensure-services
	$(BIN)/python benchmarks/load.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
