"""Every sign-in is recorded, successful and failed (django-axes' access and failure logs),
and the records are deleted after SIGN_IN_RETENTION_DAYS by the retention job."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone

from notifications.jobs import run_job
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("frontend:login"), {"username": username, "password": password})


def test_a_successful_and_a_failed_sign_in_are_each_recorded(client):
    StaffFactory(username="stine")
    assert sign_in(client, "stine", "forkert-adgangskode").status_code == 200
    assert sign_in(client, "stine", "test-adgangskode-42").status_code == 302

    success = AccessLog.objects.get()
    assert success.username == "stine" and success.logout_time is None
    failure = AccessFailureLog.objects.get()
    assert failure.username == "stine" and not failure.locked_out
    client.post(reverse("frontend:logout"))
    success.refresh_from_db()
    assert success.logout_time is not None


def test_the_retention_job_deletes_sign_in_records_past_their_period(client, settings):
    settings.SIGN_IN_RETENTION_DAYS = 30
    StaffFactory(username="stine")
    sign_in(client, "stine", "forkert-adgangskode")
    sign_in(client, "stine", "test-adgangskode-42")
    sign_in(client, "ukendt", "forkert-adgangskode")
    long_ago = timezone.now() - timedelta(days=31)
    AccessLog.objects.update(attempt_time=long_ago)
    AccessFailureLog.objects.filter(username="stine").update(attempt_time=long_ago)
    AccessAttempt.objects.update(attempt_time=long_ago)

    run_job("retention")

    assert AccessLog.objects.count() == 0
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == ["ukendt"]
    assert AccessAttempt.objects.count() == 0
