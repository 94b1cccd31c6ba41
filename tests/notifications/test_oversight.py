"""The daily oversight alert: a municipality's admins are told, by the notifications app,
when one user read more than OVERSIGHT_READS_PER_DAY distinct citizens in 24 hours, and of
every export (a citizen's file, an outcome report). Computed from the audit log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.access import record_shown
from notifications.jobs import JOBS, run_job
from notifications.models import Message
from notifications.scheduler import SCHEDULE
from tests.factories import (
    CitizenFactory,
    MunicipalityAdminFactory,
    MunicipalityFactory,
    StaffFactory,
    TeamFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit(settings):
    settings.OVERSIGHT_READS_PER_DAY = 3


@pytest.fixture
def town(db):
    team = TeamFactory()
    return {
        "team": team,
        "staff": StaffFactory(team=team, username="stine"),
        "admin": MunicipalityAdminFactory(municipality=team.municipality, email="m@example.org"),
        "elsewhere": MunicipalityAdminFactory(
            municipality=MunicipalityFactory(code="0999", name="Andetsteds", slug="andetsteds"),
            email="a@example.org",
        ),
    }


def read_citizens(town, count: int) -> None:
    citizens = [CitizenFactory(team=town["team"]) for _ in range(count)]
    # Twice each: distinct citizens count, not reads.
    record_shown(town["staff"], citizens * 2, view="frontend:homecare-citizens")


def alerts_to(user):
    return Message.objects.filter(template="oversight_alert", user=user)


def test_reading_more_citizens_than_the_limit_alerts_the_municipalitys_admins(
    town, django_capture_on_commit_callbacks
):
    read_citizens(town, 4)

    with django_capture_on_commit_callbacks(execute=True):
        assert run_job("oversight") == 1

    alert = alerts_to(town["admin"]).get()
    assert "stine har læst 4 forskellige borgeres oplysninger (grænsen er 3)" in alert.body
    assert not alerts_to(town["elsewhere"]).exists()
    assert [sent.to for sent in mail.outbox] == [["m@example.org"]]
    assert "stine" in mail.outbox[0].body


def test_reads_within_the_limit_alert_nobody(town):
    read_citizens(town, 3)
    assert run_job("oversight") == 0
    assert not Message.objects.filter(template="oversight_alert").exists()


def test_reads_older_than_24_hours_do_not_count(town):
    read_citizens(town, 4)
    assert run_job("oversight", now=timezone.now() + timedelta(hours=25)) == 0


def test_an_outcome_report_export_is_reported(town):
    client = Client()
    sign_in(client, town["admin"])
    response = client.get(reverse("frontend:reports-csv"))
    assert response.status_code == 200

    assert run_job("oversight") == 1
    body = alerts_to(town["admin"]).get().body
    assert "har hentet en eksport: samvaer-funnel-" in body and ".csv" in body


def test_a_citizens_file_export_is_reported(town):
    citizen = CitizenFactory(team=town["team"])
    client = Client()
    sign_in(client, town["admin"])
    assert client.get(reverse("frontend:citizen-export", args=[citizen.pk])).status_code == 200
    run_job("oversight")
    assert "citizen file (JSON)" in alerts_to(town["admin"]).get().body


def test_a_second_run_the_same_day_sends_nothing_new(town):
    read_citizens(town, 4)
    assert run_job("oversight") == 1
    assert run_job("oversight") == 0
    assert alerts_to(town["admin"]).count() == 1


def test_the_alert_is_a_daily_job_of_the_scheduler():
    assert "oversight" in JOBS and "oversight" in SCHEDULE
