"""Schemathesis against /api/v1/schema/, in-process through Django's WSGI app.

Every operation in the schema is called with generated input, as each kind of caller:
anonymous, home-care staff, a coordinator, a municipality admin (each signed in with a
session and a CSRF token) and a care system's API key. Then stateful runs follow the links
schemathesis infers from the schema (a list's ids into the detail, its actions and its
changes) as each caller. No answer is a 5xx, and every documented response matches the
schema.

`make test` runs a bounded number of examples (SCHEMATHESIS_MAX_EXAMPLES per operation and
caller, SCHEMATHESIS_SCENARIOS stateful scenarios per caller); `make test-fuzz` (in CI)
runs enough for more than 5,000 calls.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from integrations import services as api_keys
from tests.factories import sign_in

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
SCENARIOS = int(os.environ.get("SCHEMATHESIS_SCENARIOS", "15"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
CALLERS = ["anonymous", "staff_a", "coordinator_x", "admin", "api_key"]
# Every call of the module, by caller and status: printed at the end (-s) for the figures.
TALLY: Counter = Counter()


@pytest.fixture
def wsgi_app():
    """Django's WSGI app, called in-process inside the test's transaction.

    As Django's test client does, the app must not close the database connection at the
    end of each request: that would end the test's transaction (and its SQLite database).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def credentials(world, caller: str) -> tuple[dict, dict]:
    """The cookies and headers a caller sends: a session and a CSRF token, or an API key."""
    if caller == "api_key":
        _token, key = api_keys.token_create(
            municipality=world.home,
            name="Omsorgssystemet",
            scope="care_record",
            team_id=world.team_a.pk,
            created_by=None,
        )
        return {}, {"Authorization": f"Token {key}"}
    csrf = _get_new_csrf_string()
    cookies = {"csrftoken": csrf}
    if world.users[caller] is not None:
        client = Client()
        sign_in(client, world.users[caller])  # with the second factor
        cookies["sessionid"] = client.cookies["sessionid"].value
    return cookies, {"X-CSRFToken": csrf}


def fuzz_settings(max_examples: int, **extra) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_every_operation_answers_generated_input_without_server_errors(
    world, wsgi_app, caller, record_property
):
    app = wsgi_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
    raw = schema.raw_schema
    documented = sum(
        1
        for item in raw["paths"].values()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert raw["openapi"].startswith("3.")
    assert len(operations) == documented

    cookies, headers = credentials(world, caller)
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @fuzz_settings(MAX_EXAMPLES)
        def call(case):
            response = case.call(app=app, cookies=cookies, headers=headers)
            calls.append((case.operation.label, response.status_code))
            case.validate_response(response, checks=CHECKS, headers=headers)

        call()

    TALLY.update((caller, "operations", status // 100 * 100) for _, status in calls)
    record_property("schemathesis_operations", len(operations))
    record_property("schemathesis_examples", len(calls))
    assert all(status < 500 for _, status in calls)
    # Every operation was called; past the refusals (401/403), the callers with rights
    # reached the operations' own answers.
    assert {label for label, _ in calls} == {operation.label for operation in operations}
    if caller != "anonymous":
        assert any(status < 300 for _, status in calls)


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_stateful_runs_along_the_links_answer_without_server_errors(
    world, wsgi_app, caller, record_property
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    cookies, headers = credentials(world, caller)
    steps = []

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"app": wsgi_app, "cookies": cookies, "headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            steps.append((case.operation.label, response.status_code))
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

    Workflow.run(settings=fuzz_settings(SCENARIOS, stateful_step_count=6))

    TALLY.update((caller, "stateful", status // 100 * 100) for _, status in steps)
    record_property("schemathesis_stateful_steps", len(steps))
    assert steps
    assert all(status < 500 for _, status in steps)


def teardown_module(module):
    if TALLY:
        total = sum(TALLY.values())
        errors = sum(n for (_, _, status), n in TALLY.items() if status >= 500)
        print(f"\nschemathesis: {total} calls, {errors} server errors")
        for caller, kind, status in sorted(TALLY):
            print(f"   {caller} {kind} {status // 100}xx: {TALLY[caller, kind, status]}")
