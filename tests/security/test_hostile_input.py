"""Hostile input answers 4xx with a clear message and changes nothing: oversized bodies,
malformed JSON, too many fields; payloads in text stay inert."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import CitizenFactory, UserFactory, sign_in, start_support_session
from tests.security.hostile import SCRIPT_PAYLOADS

PROBE = "/api/v1/probe/echo/"


@pytest.mark.urls("tests.security.probe_urls")
def test_oversized_json_is_refused_with_413_before_parsing(db, settings):
    body = json.dumps({"notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = Client().post(PROBE, body, content_type="application/json")
    assert response.status_code == 413
    assert "for stor" in response.json()["detail"]


@pytest.mark.urls("tests.security.probe_urls")
def test_a_body_under_the_limit_is_accepted(db):
    response = Client().post(PROBE, {"notes": "kaffe"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"keys": ["notes"]}


@pytest.mark.urls("tests.security.probe_urls")
@pytest.mark.parametrize("body", ['{"notes": ', "{'notes': 1}", "[1, 2", "\x00\xff", "NaN}"])
def test_malformed_json_answers_400_with_a_message(db, body):
    response = Client().post(PROBE, body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


@pytest.mark.urls("tests.security.probe_urls")
def test_an_unparseable_content_length_is_refused(db):
    response = Client().generic("POST", PROBE, b"{}", CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_an_oversized_form_post_changes_nothing(db, settings):
    UserFactory(username="maria")
    client = Client()
    data = {"username": "maria", "password": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    response = client.post(reverse("frontend:login"), data)
    assert response.status_code == 413
    assert "for stor" in response.content.decode()
    assert not Session.objects.exists()


def test_too_many_form_fields_are_refused(db, settings):
    fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = Client(raise_request_exception=False).post(reverse("frontend:login"), fields)
    assert response.status_code == 400


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_payloads_are_escaped_in_the_admin(client, db, payload):
    citizen = CitizenFactory(first_name=payload[:50], notes=payload)
    operator = UserFactory(is_staff=True, is_superuser=True, password=None)
    sign_in(client, operator)
    start_support_session(client, operator)
    for url in (
        reverse("admin:matching_citizen_changelist"),
        reverse("admin:matching_citizen_change", args=[citizen.pk]),
    ):
        html = client.get(url).content.decode()
        assert "__samvaerPwned" in html  # it is shown ...
        assert "<script>window.__samvaerPwned" not in html  # ... as text
        assert 'onerror="window.__samvaerPwned' not in html
        assert 'onload="window.__samvaerPwned' not in html


@pytest.mark.django_db
def test_deeply_nested_json_is_a_400_in_the_api_shape(client):
    body = "[" * 50_000 + "]" * 50_000
    response = client.post("/api/v1/volunteer-sign-ups/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert "indlejret" in response.json()["detail"]
