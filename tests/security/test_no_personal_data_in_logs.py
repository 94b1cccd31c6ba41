"""Logs and error reports carry no personal data: every record written during the flows
below is searched for the citizen's name, phone and care reference."""

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import CitizenFactory, UserFactory, sign_in, start_support_session

NAME, PHONE, CARE_REFERENCE = "Ingeborg", "29384756", "OMS-55120"
PASSWORD_TYPED = "min-hemmelige-kode-1"


@pytest.fixture
def citizen(db):
    return CitizenFactory(first_name=NAME, phone=PHONE, care_reference=CARE_REFERENCE)


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django.request", "django.server", "django.security", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)

    def text() -> str:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        return "\n".join(formatter.format(record) for record in caplog.records)

    return text


def _assert_clean(text: str) -> None:
    for secret in (NAME, PHONE, CARE_REFERENCE, PASSWORD_TYPED):
        assert secret not in text


def test_failed_logins_and_lockout_log_no_password(db, settings, log):
    UserFactory(username="personale_nord")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            reverse("frontend:login"), {"username": "personale_nord", "password": PASSWORD_TYPED}
        )
    text = log()
    assert "Too Many Requests: /login/" in text  # the lockout was logged
    _assert_clean(text)


def test_not_found_logs_the_path_only(citizen, log):
    client = Client()
    response = client.get("/borgere/findes-ikke/", {"navn": NAME, "telefon": PHONE})
    assert response.status_code == 404
    text = log()
    assert "Not Found: /borgere/findes-ikke/" in text
    _assert_clean(text)


def test_admin_views_of_a_citizen_log_nothing_personal(citizen, log):
    operator = UserFactory(is_staff=True, is_superuser=True, password=None)
    client = Client()
    sign_in(client, operator)
    start_support_session(client, operator)
    assert client.get(reverse("admin:matching_citizen_changelist"), {"q": NAME}).status_code == 200
    page = client.get(reverse("admin:matching_citizen_change", args=[citizen.pk]))
    assert page.status_code == 200 and NAME in page.content.decode()
    _assert_clean(log())


@pytest.mark.urls("tests.security.probe_urls")
def test_server_errors_log_and_mail_no_personal_data(db, settings, log):
    settings.ADMINS = [("Drift", "drift@kommune.example")]
    client = Client(raise_request_exception=False)
    response = client.post(
        "/probe/explode/", {"first_name": NAME, "phone": PHONE, "care_reference": CARE_REFERENCE}
    )
    assert response.status_code == 500
    text = log()
    assert "Internal Server Error: /probe/explode/" in text
    assert "RuntimeError" in text  # the traceback is there, for the developers
    _assert_clean(text)
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    everything = report.subject + report.body + "".join(a[0] for a in report.alternatives)
    assert "probe failed" in everything
    _assert_clean(everything)
    # The posted field names stay visible, their values do not.
    assert "first_name" in report.body
    assert "********************" in report.body
