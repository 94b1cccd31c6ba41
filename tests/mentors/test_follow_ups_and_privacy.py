"""After 4 and 12 weeks the relative is asked whether it helped (once each, by the
scheduler's job); the answer counts. Requests are anonymised after the retention period
and on erasure, and the messages' texts go with them."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from matching.models import AuditEvent
from mentors.models import FollowUp, MentorRequest
from mentors.services import anonymise_expired_requests, anonymise_request
from mentors.services.follow_ups import follow_up_for_token, token_for
from notifications.jobs import JOBS, run_job
from notifications.models import Message
from notifications.scheduler import SCHEDULE
from tests.factories import MentorRequestFactory


@pytest.fixture
def mentorship(organisation, mentor):
    return MentorRequestFactory(
        organisation=organisation,
        status=MentorRequest.Status.ACCEPTED,
        mentor=mentor,
        accepted_at=timezone.now() - timedelta(weeks=5),
        email="birthe@example.dk",
    )


def test_the_follow_up_job_is_scheduled():
    assert "mentor_follow_ups" in JOBS and "mentor_follow_ups" in SCHEDULE


def test_after_four_weeks_the_relative_is_asked_once(mentorship):
    now = timezone.now()
    assert run_job("mentor_follow_ups", now=now) == 1
    assert run_job("mentor_follow_ups", now=now) == 0  # idempotent
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUp.Kind.WEEK_4
    message = Message.objects.get(template="mentor_follow_up")
    assert message.mentor_request == mentorship
    assert message.channel == Message.Channel.EMAIL
    assert "Hjalp det?" in message.body
    token = re.search(r"/paaroerende/svar/([^/]+)/\?svar=ja", message.body)[1]
    assert follow_up_for_token(token) == follow_up


def test_after_twelve_weeks_the_second_question_follows(mentorship):
    mentorship.accepted_at = timezone.now() - timedelta(weeks=13)
    mentorship.save()
    assert run_job("mentor_follow_ups", now=timezone.now()) == 2
    assert sorted(FollowUp.objects.values_list("kind", flat=True)) == ["week_12", "week_4"]


def test_a_new_or_young_mentorship_is_not_asked(organisation, mentor):
    MentorRequestFactory(organisation=organisation)
    MentorRequestFactory(
        organisation=organisation,
        status=MentorRequest.Status.ACCEPTED,
        mentor=mentor,
        accepted_at=timezone.now() - timedelta(weeks=3),
    )
    assert run_job("mentor_follow_ups", now=timezone.now()) == 0


def test_a_forged_token_finds_no_follow_up(mentorship):
    run_job("mentor_follow_ups", now=timezone.now())
    assert follow_up_for_token("nope") is None
    assert follow_up_for_token(token_for(FollowUp.objects.get())) is not None


@override_settings(MENTOR_REQUEST_RETENTION_DAYS=30)
def test_retention_anonymises_ended_declined_and_unhandled_requests_only(organisation, mentor):
    old = timezone.now() - timedelta(days=31)
    ended = MentorRequestFactory(
        organisation=organisation, status="ended", mentor=mentor, accepted_at=old
    )
    declined = MentorRequestFactory(
        organisation=organisation, status="declined", decline_category="no_mentor"
    )
    unhandled = MentorRequestFactory(organisation=organisation)
    ongoing = MentorRequestFactory(
        organisation=organisation, status="accepted", mentor=mentor, accepted_at=old
    )
    fresh = MentorRequestFactory(organisation=organisation)
    MentorRequest.objects.filter(pk__in=[ended.pk, declined.pk]).update(status_changed_at=old)
    MentorRequest.objects.filter(pk__in=[unhandled.pk, ongoing.pk]).update(created_at=old)
    assert run_job("retention", now=timezone.now()) >= 3
    erased = set(MentorRequest.objects.exclude(anonymised_at=None).values_list("pk", flat=True))
    assert erased == {ended.pk, declined.pk, unhandled.pk}
    for request in MentorRequest.objects.filter(pk__in=erased):
        assert (request.first_name, request.phone, request.email) == ("", "", "")
        assert request.relation  # the statistics stay
    assert MentorRequest.objects.get(pk=fresh.pk).first_name == "Birthe"
    assert MentorRequest.objects.get(pk=ongoing.pk).first_name == "Birthe"
    assert anonymise_expired_requests(now=timezone.now()) == 0
    assert AuditEvent.objects.filter(citizen_id=ended.pk, action="erase").exists()


def test_erasure_clears_the_messages_that_name_the_relative(organisation, mentor, coordinator):
    from mentors.services import accept_request

    request = MentorRequestFactory(organisation=organisation)
    accept_request(request_id=request.pk, by=coordinator, mentor_id=mentor.pk)
    anonymise_request(request_id=request.pk, by=coordinator, reason="ønske")
    assert Message.objects.count() == 2
    assert not Message.objects.exclude(body="").exists()
    assert AuditEvent.objects.filter(citizen_id=request.pk, action="erase", user=coordinator)
