"""The jobs that run on their own: each does its work once, however often it runs, and
never twice at the same moment."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, connection, connections

from matching.models import Match, Screening
from notifications import jobs, reminders, scheduler
from notifications.models import Message, Preference
from tests.factories import CitizenFactory, ScreeningFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# A Monday at 10.00; the match's activity is on Tuesdays (weekday 1).
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def busy_day(match_parties):
    """Everything the jobs act on: an accepted match with a visit tomorrow, a citizen due
    for re-screening, a coordinator on the digest, an activity nobody verified."""
    match, coordinator, _staff, companion = match_parties
    match.status, match.companion = Match.Status.ACCEPTED, companion
    match.save()
    ScreeningFactory(citizen=match.citizen, kind=Screening.Kind.BASELINE, taken_on=date(2026, 9, 1))
    Preference.objects.create(user=coordinator, proposals=Preference.Proposals.DIGEST)
    waiting = CitizenFactory(team=match.citizen.team, first_name="Karl")
    Match.objects.create(
        citizen=waiting,
        activity=match.activity,
        organisation=match.organisation,
        coordinator=coordinator,
        score=1,
    )
    return match


def test_the_reminders_tell_each_party_once(busy_day, sms_gateway):
    assert reminders.run(now=MONDAY) == 5
    by_template = sorted(Message.objects.values_list("template", "channel"))
    assert by_template == [
        ("proposals_digest", "email"),
        ("rescreening_due", "email"),  # 8 weeks
        ("rescreening_due", "email"),  # 12 weeks
        ("visit_tomorrow_citizen", "sms"),
        ("visit_tomorrow_companion", "email"),
    ]
    citizen_sms = Message.objects.get(template="visit_tomorrow_citizen")
    assert citizen_sms.body.startswith("Hej Inger. I morgen kl. 10.00 er der Kortspil på ")
    assert "Hanne går med dig." in citizen_sms.body


def test_day_before_reminders_wait_until_nine(busy_day):
    assert reminders.visits_tomorrow(now=MONDAY.replace(hour=8)) == 0


def test_the_digest_comes_at_most_once_a_day(busy_day):
    assert reminders.digests(now=MONDAY) == 1
    assert reminders.digests(now=MONDAY + timedelta(hours=5)) == 0
    assert reminders.digests(now=MONDAY + timedelta(days=1)) == 1


@pytest.mark.parametrize("name", sorted(jobs.JOBS))
def test_a_job_run_twice_does_nothing_new_the_second_time(busy_day, name, sms_gateway):
    first = jobs.run_job(name, now=MONDAY)
    messages, matches = Message.objects.count(), Match.objects.count()
    sent = len(mail.outbox) + len(sms_gateway.requests)
    second = jobs.run_job(name, now=MONDAY + timedelta(minutes=5))
    assert first is not None
    assert second == 0
    assert Message.objects.count() == messages
    assert Match.objects.count() == matches
    assert len(mail.outbox) + len(sms_gateway.requests) == sent


@contextmanager
def held_elsewhere(name: str):
    """The job's lock taken by another holder: another database session on PostgreSQL
    (advisory locks are re-entrant within one session), another open file on SQLite."""
    if connection.vendor != "postgresql":
        with jobs.job_lock(name) as held:
            yield held
        return
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [jobs.lock_key(name)])
            yield cursor.fetchone()[0]
    finally:
        other.close()


def test_a_job_that_runs_elsewhere_is_skipped(busy_day):
    with held_elsewhere("reminders") as held:
        assert held
        assert jobs.run_job("reminders", now=MONDAY) is None
    assert not Message.objects.exists()
    assert jobs.run_job("reminders", now=MONDAY) == 5


def test_the_scheduler_has_every_job_once():
    built = scheduler.build()
    assert sorted(job.id for job in built.get_jobs()) == sorted(jobs.JOBS)
