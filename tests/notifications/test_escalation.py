"""Proposals never wait unseen: reminded after N working days, handed to a colleague after
2N, the municipality told after 3N; each step once, in the match's history."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from matching.models import Match
from meetingplaces.models import Membership
from notifications import escalation
from notifications.models import EscalationStep, Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Proposed on a Monday morning.
PROPOSED = datetime(2026, 11, 30, 9, 0, tzinfo=COPENHAGEN)


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=COPENHAGEN).replace(hour=7)


@pytest.fixture
def proposal(match_parties):
    match, coordinator, _staff, _companion = match_parties
    Match.objects.filter(pk=match.pk).update(created_at=PROPOSED)
    match.refresh_from_db()
    organisation = match.organisation
    colleague = UserFactory(first_name="Rasmus", last_name="Hansen", email="rasmus@example.dk")
    Membership.objects.create(
        user=colleague,
        role=Membership.Role.COORDINATOR,
        municipality=organisation.municipality,
        organisation=organisation,
    )
    admin = UserFactory(first_name="Karin", email="karin@example.dk")
    Membership.objects.create(
        user=admin, role=Membership.Role.ADMIN, municipality=organisation.municipality
    )
    return match, coordinator, colleague, admin


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 11, 30), date(2026, 12, 3), 3),  # Monday → Thursday
        (date(2026, 12, 4), date(2026, 12, 7), 1),  # Friday → Monday
        (date(2026, 12, 5), date(2026, 12, 6), 0),  # a weekend
    ],
)
def test_working_days_skip_weekends(start, end, days):
    assert escalation.working_days_between(start, end) == days


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # Christmas: the 25th and 26th are public holidays (a Friday and Saturday in 2026).
        (date(2026, 12, 23), date(2026, 12, 28), 2),  # Thu 24, Mon 28
        # Easter 2027: Maundy Thursday 25 March to Easter Monday 29 March.
        (date(2027, 3, 24), date(2027, 3, 31), 2),  # Tue 30, Wed 31
        # Ascension Day, Thursday 14 May 2026; Whit Monday, 25 May 2026.
        (date(2026, 5, 13), date(2026, 5, 15), 1),
        (date(2026, 5, 22), date(2026, 5, 26), 1),
    ],
)
def test_working_days_skip_danish_public_holidays(start, end, days):
    assert escalation.working_days_between(start, end) == days
    assert escalation.working_days_between(start, escalation.add_working_days(start, days)) == days


def test_a_deadline_over_christmas_moves_past_the_holidays():
    # Three working days after Wednesday 23 December 2026: Thursday 24, Monday 28 and
    # Tuesday 29 (the 25th is Christmas Day, the 26th Boxing Day, then a weekend).
    assert escalation.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)


def test_the_answer_deadline_is_n_working_days_after_the_proposal(proposal, settings):
    settings.ESCALATION_WORKING_DAYS = 3
    match = proposal[0]
    assert escalation.answer_deadline(match) == date(2026, 12, 3)
    Match.objects.filter(pk=match.pk).update(created_at=PROPOSED + timedelta(days=4))  # Friday
    match.refresh_from_db()
    assert escalation.answer_deadline(match) == date(2026, 12, 9)


def test_nothing_happens_before_the_deadline(proposal):
    assert escalation.escalate(now=at(date(2026, 12, 2))) == 0
    assert not Message.objects.exists()


def test_a_proposal_climbs_one_step_every_n_working_days(proposal, settings):
    settings.ESCALATION_WORKING_DAYS = 3
    match, coordinator, colleague, admin = proposal

    # Thursday: three working days → the coordinator is reminded.
    assert escalation.escalate(now=at(date(2026, 12, 3))) == 1
    reminder = Message.objects.get()
    assert (reminder.user, reminder.template) == (coordinator, "proposal_reminder")
    assert "3 arbejdsdage" in reminder.body

    # Tuesday after: six working days → handed over to the colleague, through the lifecycle.
    assert escalation.escalate(now=at(date(2026, 12, 8))) == 1
    match.refresh_from_db()
    assert match.coordinator == colleague
    handed = Message.objects.get(template="proposal_handed_over")
    assert handed.user == colleague

    # Friday after: nine working days → the municipality's admin is told.
    assert escalation.escalate(now=at(date(2026, 12, 11))) == 1
    told = Message.objects.get(template="proposal_unanswered")
    assert told.user == admin
    assert match.citizen.first_name not in told.body  # the admin sees the reference only

    notes = [c.note for c in match.history.all() if c.note]
    assert notes == [
        "Ubesvaret i 3 arbejdsdage: koordinatoren er mindet om det (venter siden 30. november)",
        "Givet videre til Rasmus Hansen",
        "Ubesvaret i 6 arbejdsdage: givet videre til Rasmus Hansen (venter siden 30. november)",
        "Ubesvaret i 9 arbejdsdage: kommunen er orienteret (venter siden 30. november)",
    ]
    assert list(match.escalations.values_list("level", flat=True)) == [1, 2, 3]


def test_each_step_is_taken_once_however_often_the_job_runs(proposal):
    late = at(date(2026, 12, 14))
    assert escalation.escalate(now=late) == 3  # a job that missed days catches up
    messages = Message.objects.count()
    assert escalation.escalate(now=late) == 0
    assert escalation.escalate(now=late + timedelta(days=1)) == 0
    assert Message.objects.count() == messages
    assert EscalationStep.objects.count() == 3


def test_an_answered_proposal_is_left_alone(proposal):
    match = proposal[0]
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ACCEPTED)
    assert escalation.escalate(now=at(date(2026, 12, 14))) == 0


def test_without_a_colleague_the_step_is_noted_and_the_municipality_still_told(proposal):
    match, coordinator, colleague, admin = proposal
    Membership.objects.filter(user=colleague).delete()
    escalation.escalate(now=at(date(2026, 12, 14)))
    match.refresh_from_db()
    assert match.coordinator == coordinator
    assert any("ingen anden koordinator" in c.note for c in match.history.all())
    assert Message.objects.filter(template="proposal_unanswered", user=admin).exists()
