"""The weekly freshness job: owners are asked once a week to confirm entries nobody has
confirmed for FRESHNESS_REMIND_WEEKS, and confirm with one click on the link it sends."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from meetingplaces.models import Activity
from notifications import jobs
from notifications.models import Message
from tests.factories import ActivityFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime(2026, 11, 30, 6, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def owner(db):
    return CoordinatorFactory(first_name="Kirsten", email="kirsten@example.dk")


@pytest.fixture
def stale(owner):
    organisation = owner.memberships.get().organisation
    return ActivityFactory(
        organisation=organisation,
        title="Kortspil",
        last_verified_on=MONDAY.date() - timedelta(weeks=27),
    )


def test_the_owner_is_asked_once_however_often_the_job_runs(
    stale, owner, django_capture_on_commit_callbacks
):
    ActivityFactory(organisation=stale.organisation, title="Nyt", last_verified_on=MONDAY.date())
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.run_job("freshness", now=MONDAY) == 1
        assert jobs.run_job("freshness", now=MONDAY + timedelta(hours=3)) == 0
    (message,) = Message.objects.filter(template="entries_to_verify")
    assert message.user == owner
    assert "Kortspil" in message.body and "Nyt" not in message.body
    assert len(mail.outbox) == 1


def test_a_week_later_an_unconfirmed_entry_is_asked_about_again(stale):
    jobs.run_job("freshness", now=MONDAY)
    assert jobs.run_job("freshness", now=MONDAY + timedelta(weeks=1)) == 1


def test_one_click_on_the_link_confirms_and_the_job_stops_asking(stale, client):
    jobs.run_job("freshness", now=MONDAY)
    body = Message.objects.get(template="entries_to_verify").body
    path = re.search(r"http://127\.0\.0\.1:8000(/aktiviteter/bekraeft/[^/\s]+/)", body).group(1)
    page = client.get(path)  # a mail scanner's visit changes nothing
    assert page.status_code == 200 and "Stadig korrekt" in page.content.decode()
    assert Activity.objects.get(pk=stale.pk).last_verified_on == stale.last_verified_on
    assert client.post(path).status_code == 200
    confirmed = Activity.objects.get(pk=stale.pk).last_verified_on
    assert confirmed > stale.last_verified_on
    again = client.post(path)  # the link works once
    assert "allerede bekræftet" in again.content.decode()
    assert jobs.run_job("freshness", now=MONDAY + timedelta(weeks=1)) == 0


def test_a_tampered_link_is_refused(client):
    response = client.get("/aktiviteter/bekraeft/not-a-token/")
    assert response.status_code == 400
    assert "Linket er ikke gyldigt." in response.content.decode()


def test_as_time_passes_an_entry_is_asked_about_then_marked_then_hidden(owner, client, settings):
    organisation = owner.memberships.get().organisation
    activity = ActivityFactory(organisation=organisation, last_verified_on=MONDAY.date())

    def state(weeks):
        today = MONDAY.date() + timedelta(weeks=weeks)
        listed = Activity.objects.published(today=today).filter(pk=activity.pk).exists()
        return activity.freshness(today=today), listed

    assert state(settings.FRESHNESS_REMIND_WEEKS) == ("fresh", True)
    assert state(settings.FRESHNESS_REMIND_WEEKS + 1) == ("due", True)
    assert state(settings.FRESHNESS_MARK_WEEKS + 1) == ("unverified", True)
    assert state(settings.FRESHNESS_HIDE_WEEKS) == ("unverified", True)
    assert state(settings.FRESHNESS_HIDE_WEEKS + 1) == ("hidden", False)
    later = MONDAY + timedelta(weeks=settings.FRESHNESS_REMIND_WEEKS + 1)
    assert jobs.run_job("freshness", now=later) == 1
