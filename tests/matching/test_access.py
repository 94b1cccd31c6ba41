"""Access functions: fetch, check scope and audit in one call; missing and not-yours are
the same answer, and a refusal writes nothing."""

import uuid

import pytest
from django.utils import timezone

from matching.access import (
    NotFound,
    access_citizen,
    access_citizen_for_export,
    access_match,
    access_self_referral,
    record_shown,
)
from matching.models import AuditEvent, SelfReferral
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    StaffFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _trail():
    return list(AuditEvent.objects.order_by("id").values_list("username", "action", "view"))


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def staff(team):
    return StaffFactory(team=team, username="personale")


def test_a_citizen_of_the_users_team_is_returned_and_its_read_audited(staff, team):
    citizen = CitizenFactory(team=team)
    assert access_citizen(staff, citizen.pk, view="side") == citizen
    assert list(AuditEvent.objects.values_list("citizen_id", "action", "view")) == [
        (citizen.pk, "read", "side")
    ]


@pytest.mark.parametrize("which", ["another team's", "missing", "not an id"])
def test_another_teams_missing_and_malformed_citizens_are_one_answer_and_not_audited(staff, which):
    citizen_id = {
        "another team's": lambda: CitizenFactory().pk,
        "missing": uuid.uuid4,
        "not an id": lambda: "not-a-uuid",
    }[which]()
    with pytest.raises(NotFound):
        access_citizen(staff, citizen_id, view="side")
    assert _trail() == []


def test_a_change_is_audited_with_its_action_and_detail(staff, team):
    citizen = CitizenFactory(team=team)
    access_citizen(staff, citizen.pk, view="tjeneste", action="update", detail="x", lock=True)
    assert list(AuditEvent.objects.values_list("action", "detail")) == [("update", "x")]


def test_a_match_is_only_found_by_a_coordinator_of_its_organisation():
    match = MatchFactory()
    own = CoordinatorFactory(organisation=match.organisation, username="egen")
    assert access_match(own, match.pk, view="side") == match
    with pytest.raises(NotFound):
        access_match(CoordinatorFactory(username="fremmed"), match.pk, view="side")
    assert _trail() == [("egen", "read", "side")]


def test_a_self_referral_is_audited_under_its_own_id():
    activity = ActivityFactory()
    referral = SelfReferral.objects.create(
        municipality=activity.meeting_place.municipality,
        activity=activity,
        first_name="Bodil",
        phone="22334455",
        postcode="4990",
        consent_text="Ja",
        consent_given_at=timezone.now(),
    )
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    access_self_referral(coordinator, referral.pk, view="side")
    with pytest.raises(NotFound):
        access_self_referral(CoordinatorFactory(), referral.pk, view="side")
    assert list(AuditEvent.objects.values_list("citizen_id", "detail")) == [
        (referral.pk, "self-referral")
    ]


def test_a_list_audits_each_citizen_it_shows_once(staff, team):
    citizen = CitizenFactory(team=team)
    first, second = MatchFactory(citizen=citizen), MatchFactory(citizen=citizen)
    assert record_shown(staff, iter([first, second, citizen]), view="liste") == [
        first,
        second,
        citizen,
    ]
    assert list(AuditEvent.objects.values_list("citizen_id", flat=True)) == [citizen.pk]


def test_an_export_is_only_for_an_admin_of_the_citizens_municipality(staff, team):
    citizen = CitizenFactory(team=team)
    with pytest.raises(NotFound):
        access_citizen_for_export(staff, citizen.pk)
