"""Every database rule of citizens, screenings, matches and self-referrals holds."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching.models import AuditEvent, Match, SelfReferral
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MatchFactory,
    ScreeningFactory,
)

pytestmark = pytest.mark.django_db


def rejects(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"latitude": -90.01},
        {"longitude": 180.5},
        {"max_distance_km": 0},
        {"max_distance_km": 51},
        {"consent_method": ""},
    ],
)
def test_citizen_with_impossible_values_is_refused(fields):
    rejects(CitizenFactory, **fields)


def test_citizen_without_consent_time_is_refused():
    rejects(CitizenFactory, consent_given_at=None)


def test_care_reference_is_unique_within_a_municipality():
    citizen = CitizenFactory(care_reference="HP-77")
    rejects(CitizenFactory, team=citizen.team, care_reference="HP-77")


def test_citizens_are_addressed_by_uuid():
    assert isinstance(CitizenFactory().pk, uuid.UUID)
    assert isinstance(ScreeningFactory().pk, uuid.UUID)
    assert isinstance(MatchFactory().pk, uuid.UUID)


@pytest.mark.parametrize("item", ["lacks_companionship", "feels_left_out", "feels_isolated"])
@pytest.mark.parametrize("value", [0, 4])
def test_screening_items_are_between_1_and_3(item, value):
    rejects(ScreeningFactory, **{item: value})


def test_screening_total_is_the_sum_of_its_items():
    screening = ScreeningFactory(lacks_companionship=1, feels_left_out=2, feels_isolated=3)
    assert screening.total == 6


def test_one_screening_of_each_kind_per_citizen():
    screening = ScreeningFactory(kind="baseline")
    rejects(ScreeningFactory, citizen=screening.citizen, kind="baseline")
    ScreeningFactory(citizen=screening.citizen, kind="week_8")


def test_a_pair_is_matched_once():
    match = MatchFactory()
    rejects(MatchFactory, citizen=match.citizen, activity=match.activity)


def test_negative_score_is_refused():
    rejects(MatchFactory, score=-0.1)


def test_declined_match_needs_a_reason():
    rejects(MatchFactory, status=Match.Status.DECLINED)
    MatchFactory(status=Match.Status.DECLINED, decline_reason="Borgeren har ikke lyst")


def test_self_referral_needs_a_way_to_get_in_touch():
    activity = ActivityFactory()
    fields = {
        "municipality": activity.municipality,
        "activity": activity,
        "first_name": "Bente",
        "postcode": "4990",
        "consent_text": "Ja tak",
        "consent_given_at": timezone.now(),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfReferral.objects.create(**fields)
    SelfReferral.objects.create(phone="12345678", **fields)


def test_the_audit_log_cannot_be_changed_or_deleted():
    event = AuditEvent.objects.create(action="read", citizen_id=uuid.uuid4(), view="test")
    event.view = "changed"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().update(view="changed")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().view == "test"
