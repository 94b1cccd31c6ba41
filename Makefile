# Samvær: the entry points for people and CI. `make run` and `make test` need no service.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian's chromium, driven by Playwright in the browser tests.
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-fast test-fuzz lint format messages browser clean bench bench-nearby bench-suggest test-scale serve-scale bench-load lock lock-check audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

# The exact versions of every dependency (the `test` and `scale` extras included), each
# with its files' hashes: requirements/lock.txt, written by `make lock` from pyproject.toml.
# Reinstall whenever either changes; Samvær itself goes on top without resolving anything.
LOCK := requirements/lock.txt
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The tools that write and check the lock (uv, pip-audit), locked themselves, in their own venv.
TOOLS := .venv-tools
# The Python's own pip is too old for the lock: it refuses a dependency asked for with an
# extra (pip-audit's CacheControl[filecache]) in hash-checking mode.
$(TOOLS)/.installed: requirements/tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --upgrade --quiet pip
	$(TOOLS)/bin/pip install --quiet --require-hashes -r requirements/tools.txt
	touch $@

# uv resolves for Python 3.11 on every platform; the versions already in the lock are kept
# unless pyproject.toml asks otherwise (`make lock UPGRADE=--upgrade` takes the newest).
UV_COMPILE = $(TOOLS)/bin/uv pip compile --python-version 3.11 --universal --generate-hashes \
	--quiet --custom-compile-command "make lock" $(UPGRADE)
lock: $(TOOLS)/.installed
	$(UV_COMPILE) pyproject.toml --extra test --extra scale -o $(LOCK)
	$(UV_COMPILE) requirements/tools.in -o requirements/tools.txt

# Fails when pyproject.toml asks for something the lock does not hold (run `make lock`).
lock-check: $(TOOLS)/.installed
	@tmp=$$(mktemp) && cp $(LOCK) $$tmp && \
	$(UV_COMPILE) pyproject.toml --extra test --extra scale -o $$tmp && \
	{ diff -u $(LOCK) $$tmp && rm $$tmp && echo "$(LOCK) matches pyproject.toml."; } || \
	{ rm -f $$tmp; echo "$(LOCK) does not match pyproject.toml: run make lock and commit it."; exit 1; }

# Known vulnerabilities in the locked versions, from PyPI's advisories (the PyPA advisory
# database). --strict: a package that could not be checked fails the run, so an
# unreachable advisory service is an error and never a silent "no known vulnerabilities".
# First a clear word when the advisory service does not answer (pip-audit reads PyPI's
# per-release JSON, /pypi/NAME/VERSION/json, and would call every package "not found on
# PyPI"). Not in .ci/run while it cannot answer from CI's machine.
AUDIT_SERVICE ?= pypi
AUDIT_PROBE_pypi := https://pypi.org/pypi/django/4.2/json
AUDIT_PROBE_osv := https://api.osv.dev/v1/vulns/PYSEC-2024-47
audit: $(TOOLS)/.installed
	@$(TOOLS)/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=20)" \
		$(AUDIT_PROBE_$(AUDIT_SERVICE)) 2>/dev/null || { \
		echo "make audit: the $(AUDIT_SERVICE) advisory service ($(AUDIT_PROBE_$(AUDIT_SERVICE))) does not answer from here; nothing was audited."; \
		exit 1; }
	$(TOOLS)/bin/pip-audit --strict --disable-pip --progress-spinner off \
		--vulnerability-service $(AUDIT_SERVICE) -r $(LOCK)

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { apt-get update -q && apt-get install -y -q gettext; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v0

# The demo's logins need no second factor (REQUIRE_MFA=0, allowed only with DEBUG on);
# `make run REQUIRE_MFA=1` shows the whole sign-in.
REQUIRE_MFA ?= 0
run: export REQUIRE_MFA := $(REQUIRE_MFA)
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
		DEBUG=1 HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) deploy/serve-embedded

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
	rm -rf $(VENV) $(TOOLS) staticfiles db.sqlite3
