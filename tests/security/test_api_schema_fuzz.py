"""Schemathesis against /api/v1/schema/, in-process through Django's WSGI app.

Every operation in the schema is called with generated input (a bounded number of
examples each, SCHEMATHESIS_MAX_EXAMPLES, default 25), anonymously and as a municipality
admin with a CSRF token: no 5xx, and every documented response matches the schema.
"""

import os

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

from tests.factories import sign_in

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


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


def _session_cookies(user) -> dict[str, str]:
    if user is None:
        return {}
    client = Client()
    sign_in(client, user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "admin", "staff_a", "coordinator_x"])
def test_api_answers_generated_input_without_server_errors(world, wsgi_app, role, record_property):
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

    csrf = _get_new_csrf_string()
    cookies = {**_session_cookies(world.users[role]), "csrftoken": csrf}
    headers = {"X-CSRFToken": csrf}
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            response = case.call(app=app, cookies=cookies, headers=headers)
            calls.append((case.operation.label, response.status_code))
            case.validate_response(response, checks=CHECKS, headers=headers)

        call()

    record_property("schemathesis_operations", len(operations))
    record_property("schemathesis_examples", len(calls))
    assert all(status < 500 for _, status in calls)
    assert len(calls) >= len(operations)
