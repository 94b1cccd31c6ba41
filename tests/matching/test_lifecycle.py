"""A coordinator's steps with a match: accept, decline, hand over, follow up to the end."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching.access import NotFound
from matching.lifecycle import (
    NoSeatLeft,
    StepNotAllowed,
    accept_match,
    decline_match,
    hand_over,
    record_step,
)
from matching.models import Citizen, Match, MatchStatusChange
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    MeetingPlaceFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal():
    match = MatchFactory(citizen=CitizenFactory(status=Citizen.Status.PROPOSED))
    MatchStatusChange.objects.create(match=match, to_status=Match.Status.PROPOSED)
    return match


@pytest.fixture
def coordinator(proposal):
    return CoordinatorFactory(organisation=proposal.organisation)


def test_accept_takes_a_seat_and_writes_history(proposal, coordinator):
    accept_match(match_id=proposal.pk, by=coordinator)
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.ACCEPTED
    assert proposal.coordinator == coordinator
    assert proposal.citizen.status == Citizen.Status.ACCEPTED
    step = proposal.history.last()
    assert (step.from_status, step.to_status) == ("proposed", "accepted")
    assert step.changed_by == coordinator


def test_accept_of_full_activity_is_refused_and_changes_nothing(proposal, coordinator):
    activity = proposal.activity
    activity.capacity, activity.participants = 1, 1
    activity.save()
    with pytest.raises(NoSeatLeft, match="ikke flere ledige pladser"):
        accept_match(match_id=proposal.pk, by=coordinator)
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED
    assert proposal.history.count() == 1


def test_to_a_coordinator_of_another_organisation_the_match_does_not_exist(proposal):
    with pytest.raises(NotFound):
        accept_match(match_id=proposal.pk, by=CoordinatorFactory())
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED


def test_accept_with_a_companion_of_the_organisation(proposal, coordinator):
    hanne = VolunteerFactory(organisation=proposal.organisation, max_citizens=1)
    accept_match(match_id=proposal.pk, by=coordinator, companion_id=hanne.pk)
    proposal.refresh_from_db()
    assert proposal.companion == hanne


def test_a_full_companion_is_refused(proposal, coordinator):
    hanne = VolunteerFactory(organisation=proposal.organisation, max_citizens=1)
    MatchFactory(activity=proposal.activity, companion=hanne, status=Match.Status.ACCEPTED)
    with pytest.raises(ValidationError, match="ikke plads til flere") as refused:
        accept_match(match_id=proposal.pk, by=coordinator, companion_id=hanne.pk)
    assert list(refused.value.message_dict) == ["companion"]


def test_a_companion_of_another_organisation_is_refused(proposal, coordinator):
    with pytest.raises(ValidationError, match="findes ikke i organisationen"):
        accept_match(match_id=proposal.pk, by=coordinator, companion_id=VolunteerFactory().pk)


def test_accepting_twice_is_refused(proposal, coordinator):
    accept_match(match_id=proposal.pk, by=coordinator)
    with pytest.raises(StepNotAllowed, match="allerede behandlet"):
        accept_match(match_id=proposal.pk, by=coordinator)


def test_decline_needs_a_reason(proposal, coordinator):
    with pytest.raises(ValidationError, match="årsag"):
        decline_match(match_id=proposal.pk, by=coordinator, reason="  ")
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED


def test_decline_brings_the_next_best_proposal(proposal, coordinator):
    other_place = MeetingPlaceFactory(latitude=54.80, longitude=11.65)
    choir = ActivityFactory(meeting_place=other_place, organisation=proposal.organisation)
    following = decline_match(
        match_id=proposal.pk, by=coordinator, reason="Borgeren vil hellere synge"
    )
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.DECLINED
    assert proposal.decline_reason == "Borgeren vil hellere synge"
    assert following is not None
    assert following.activity == choir
    assert following.status == Match.Status.PROPOSED
    assert following.history.get().to_status == Match.Status.PROPOSED
    following.citizen.refresh_from_db()
    assert following.citizen.status == Citizen.Status.PROPOSED


def test_decline_without_another_activity_leaves_the_citizen_waiting(proposal, coordinator):
    assert decline_match(match_id=proposal.pk, by=coordinator, reason="Passer ikke") is None
    proposal.citizen.refresh_from_db()
    assert proposal.citizen.status == Citizen.Status.WAITING


def test_hand_over_to_a_colleague_only(proposal, coordinator):
    colleague = CoordinatorFactory(organisation=proposal.organisation)
    hand_over(match_id=proposal.pk, by=coordinator, to_id=colleague.pk)
    proposal.refresh_from_db()
    assert proposal.coordinator == colleague
    assert "Givet videre" in proposal.history.last().note
    with pytest.raises(ValidationError, match="koordinator i organisationen"):
        hand_over(match_id=proposal.pk, by=coordinator, to_id=CoordinatorFactory().pk)


def test_follow_up_steps_in_order_with_dates(proposal, coordinator):
    accept_match(match_id=proposal.pk, by=coordinator)
    today = timezone.localdate()
    with pytest.raises(StepNotAllowed):
        record_step(match_id=proposal.pk, by=coordinator, step=Match.Status.FIRST_VISIT, on=today)
    record_step(match_id=proposal.pk, by=coordinator, step=Match.Status.CONTACTED, on=today)
    record_step(match_id=proposal.pk, by=coordinator, step=Match.Status.FIRST_VISIT, on=today)
    record_step(match_id=proposal.pk, by=coordinator, step=Match.Status.PARTICIPATING, on=today)
    proposal.citizen.refresh_from_db()
    assert proposal.citizen.status == Citizen.Status.PARTICIPATING
    record_step(match_id=proposal.pk, by=coordinator, step=Match.Status.ENDED, on=today)
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.ENDED
    assert [s.to_status for s in proposal.history.all()] == [
        "proposed",
        "accepted",
        "contacted",
        "first_visit",
        "participating",
        "ended",
    ]
    assert all(s.happened_on == today for s in proposal.history.all()[1:])


def test_a_date_in_the_future_or_before_the_last_step_is_refused(proposal, coordinator):
    accept_match(match_id=proposal.pk, by=coordinator)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="fremtiden"):
        record_step(
            match_id=proposal.pk,
            by=coordinator,
            step=Match.Status.CONTACTED,
            on=today + timedelta(1),
        )
    with pytest.raises(ValidationError, match="før forrige trin"):
        record_step(
            match_id=proposal.pk,
            by=coordinator,
            step=Match.Status.CONTACTED,
            on=today - timedelta(3),
        )
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.ACCEPTED
