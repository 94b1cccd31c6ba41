"""What a coordinator does with a request, and whom it tells: accept with a mentor the
engine suggests, decline with a reason category, hand over; two at once, one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from matching.access import NotFound
from mentors.models import MentorRequest
from mentors.selectors import suggestions_for
from mentors.services import (
    NoPlaceLeft,
    StepNotAllowed,
    accept_request,
    decline_request,
    end_mentorship,
    hand_over_request,
)
from mentors.vocabulary import Way
from notifications.models import Message
from tests.factories import (
    CoordinatorFactory,
    MentorOfferFactory,
    MentorRequestFactory,
    VolunteerFactory,
)


@pytest.fixture
def request_(organisation):
    return MentorRequestFactory(organisation=organisation)


def test_suggestions_rank_the_organisations_available_mentors_with_reasons(
    request_, mentor, pending_mentor
):
    other_org_mentor = MentorOfferFactory()
    found = suggestions_for(request_)
    assert [offer for offer, _s in found] == [mentor]
    assert other_org_mentor not in [offer for offer, _s in found]
    texts = [reason.text for reason in found[0][1].reasons]
    assert "Kender til demens" in texts


def test_accepting_pairs_the_mentor_and_tells_both(request_, mentor, coordinator):
    accept_request(request_id=request_.pk, by=coordinator, mentor_id=mentor.pk)
    request_.refresh_from_db()
    assert (request_.status, request_.mentor, request_.coordinator) == (
        MentorRequest.Status.ACCEPTED,
        mentor,
        coordinator,
    )
    to_mentor = Message.objects.get(template="mentor_assigned")
    assert to_mentor.volunteer == mentor.volunteer
    assert "40506070" in to_mentor.body  # the mentor may now call the relative
    to_relative = Message.objects.get(template="mentor_found")
    assert to_relative.mentor_request == request_
    assert to_relative.channel == Message.Channel.SMS
    assert "Hanne" in to_relative.body
    assert "demens" not in to_relative.body  # no health detail in an SMS


def test_a_mentor_the_engine_would_not_suggest_is_refused_and_nothing_changes(
    request_, organisation, coordinator
):
    video_only = MentorOfferFactory(
        volunteer=VolunteerFactory(organisation=organisation), ways=Way.VIDEO
    )
    with pytest.raises(ValidationError) as refusal:
        accept_request(request_id=request_.pk, by=coordinator, mentor_id=video_only.pk)
    assert "mentor" in refusal.value.message_dict
    request_.refresh_from_db()
    assert request_.status == MentorRequest.Status.NEW and request_.mentor is None
    assert not Message.objects.exists()


def test_a_mentor_with_no_place_left_is_refused(request_, organisation, coordinator, mentor):
    for _ in range(mentor.max_relatives):
        taken = MentorRequestFactory(organisation=organisation)
        accept_request(request_id=taken.pk, by=coordinator, mentor_id=mentor.pk)
    with pytest.raises(NoPlaceLeft):
        accept_request(request_id=request_.pk, by=coordinator, mentor_id=mentor.pk)
    request_.refresh_from_db()
    assert request_.status == MentorRequest.Status.NEW


def test_another_organisations_coordinator_finds_no_request(request_, mentor):
    outsider = CoordinatorFactory()
    with pytest.raises(NotFound):
        accept_request(request_id=request_.pk, by=outsider, mentor_id=mentor.pk)
    request_.refresh_from_db()
    assert request_.status == MentorRequest.Status.NEW


def test_declining_needs_a_category_and_tells_the_relative(request_, coordinator):
    with pytest.raises(ValidationError):
        decline_request(request_id=request_.pk, by=coordinator, category="")
    assert not Message.objects.exists()
    decline_request(request_id=request_.pk, by=coordinator, category="no_mentor")
    request_.refresh_from_db()
    assert request_.status == MentorRequest.Status.DECLINED
    assert request_.decline_category == "no_mentor"
    assert Message.objects.get().template == "mentor_not_found"
    with pytest.raises(StepNotAllowed):
        decline_request(request_id=request_.pk, by=coordinator, category="no_mentor")


def test_handing_over_goes_only_to_a_colleague(request_, coordinator, organisation):
    colleague = CoordinatorFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        hand_over_request(request_id=request_.pk, by=coordinator, to_id=CoordinatorFactory().pk)
    hand_over_request(request_id=request_.pk, by=coordinator, to_id=colleague.pk)
    request_.refresh_from_db()
    assert request_.coordinator == colleague


def test_ending_frees_the_mentors_place(request_, coordinator, mentor):
    with pytest.raises(StepNotAllowed):
        end_mentorship(request_id=request_.pk, by=coordinator)
    accept_request(request_id=request_.pk, by=coordinator, mentor_id=mentor.pk)
    end_mentorship(request_id=request_.pk, by=coordinator)
    request_.refresh_from_db()
    assert request_.status == MentorRequest.Status.ENDED
    assert (
        suggestions_for(MentorRequestFactory(organisation=request_.organisation))[0][1]
        .reasons[-1]
        .text
        == "Har tid lige nu"
    )


def _race(targets):
    """Each (name, callable) at once, after a barrier; the outcome of each."""
    barrier = threading.Barrier(len(targets))
    outcomes = {}

    def run(name, call):
        try:
            barrier.wait()
            call()
            outcomes[name] = "accepted"
        except (StepNotAllowed, NoPlaceLeft) as refusal:
            outcomes[name] = type(refusal).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_accepting_one_request_at_once_one_wins(organisation, mentor):
    request = MentorRequestFactory(organisation=organisation)
    anna, bo = (
        CoordinatorFactory(organisation=organisation),
        CoordinatorFactory(organisation=organisation),
    )
    other = MentorOfferFactory(volunteer=VolunteerFactory(organisation=organisation))
    outcomes = _race(
        [
            ("anna", lambda: accept_request(request_id=request.pk, by=anna, mentor_id=mentor.pk)),
            ("bo", lambda: accept_request(request_id=request.pk, by=bo, mentor_id=other.pk)),
        ]
    )
    assert sorted(outcomes.values()) == ["StepNotAllowed", "accepted"]
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.ACCEPTED
    assert Message.objects.filter(template="mentor_found").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_taking_a_mentors_last_place_at_once_one_wins(organisation):
    mentor = MentorOfferFactory(
        volunteer=VolunteerFactory(organisation=organisation), max_relatives=1
    )
    first, second = (MentorRequestFactory(organisation=organisation) for _ in range(2))
    anna, bo = (
        CoordinatorFactory(organisation=organisation),
        CoordinatorFactory(organisation=organisation),
    )
    outcomes = _race(
        [
            ("anna", lambda: accept_request(request_id=first.pk, by=anna, mentor_id=mentor.pk)),
            ("bo", lambda: accept_request(request_id=second.pk, by=bo, mentor_id=mentor.pk)),
        ]
    )
    assert sorted(outcomes.values()) == ["NoPlaceLeft", "accepted"]
    assert MentorRequest.objects.filter(mentor=mentor).count() == 1
