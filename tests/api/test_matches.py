"""The matches API: scoped to the coordinator's organisations, steps as actions, audited."""

import pytest
from rest_framework.test import APIClient

from matching.models import AuditEvent, Citizen, Match, SelfReferral
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    StaffFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(organisation):
    return MatchFactory(
        activity=ActivityFactory(organisation=organisation),
        citizen=CitizenFactory(first_name="Inger", phone="12345678", status="proposed"),
        reasons=[{"kind": "distance", "value": 1.2, "text": "1,2 km væk"}],
    )


def test_list_shows_only_own_organisation_with_few_queries(
    coordinator_api, coordinator, organisation, django_assert_max_num_queries
):
    for _ in range(6):
        MatchFactory(activity=ActivityFactory(organisation=organisation))
    MatchFactory()  # another organisation's
    with django_assert_max_num_queries(8):
        response = coordinator_api.get("/api/v1/matches/")
    assert response.status_code == 200
    assert response.data["count"] == 6
    assert AuditEvent.objects.filter(user=coordinator, view="api:match-list").count() == 6


def test_another_organisations_match_is_not_found(coordinator_api):
    assert coordinator_api.get(f"/api/v1/matches/{MatchFactory().pk}/").status_code == 404
    assert coordinator_api.post(f"/api/v1/matches/{MatchFactory().pk}/accept/").status_code == 404


def test_staff_and_anonymous_are_kept_out(proposal):
    assert APIClient().get("/api/v1/matches/").status_code == 403
    staff = APIClient()
    staff.force_authenticate(StaffFactory())
    assert staff.get("/api/v1/matches/").status_code == 403


def test_phone_only_after_acceptance(coordinator_api, proposal):
    before = coordinator_api.get(f"/api/v1/matches/{proposal.pk}/").data
    assert before["citizen"]["name"] == "Inger"
    assert before["citizen"]["phone"] is None
    assert before["reasons"][0]["text"] == "1,2 km væk"
    after = coordinator_api.post(f"/api/v1/matches/{proposal.pk}/accept/", {}, format="json")
    assert after.status_code == 200
    assert after.data["status"] == "accepted"
    assert after.data["citizen"]["phone"] == "12345678"


def test_accept_of_the_last_seat_twice_gives_conflict(coordinator_api, proposal, organisation):
    proposal.activity.capacity = 1
    proposal.activity.save()
    rival = MatchFactory(activity=proposal.activity)
    assert coordinator_api.post(f"/api/v1/matches/{proposal.pk}/accept/").status_code == 200
    response = coordinator_api.post(f"/api/v1/matches/{rival.pk}/accept/")
    assert response.status_code == 409
    assert "ikke flere ledige pladser" in response.data["detail"]
    rival.refresh_from_db()
    assert rival.status == Match.Status.PROPOSED


def test_accept_with_a_suggested_companion(coordinator_api, proposal, organisation):
    hanne = VolunteerFactory(organisation=organisation, first_name="Hanne", availability=2**21 - 1)
    options = coordinator_api.get(f"/api/v1/matches/{proposal.pk}/companions/").data
    assert [o["first_name"] for o in options] == ["Hanne"]
    response = coordinator_api.post(
        f"/api/v1/matches/{proposal.pk}/accept/", {"companion": hanne.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.data["companion"] == hanne.pk


def test_a_companion_of_another_organisation_is_refused(coordinator_api, proposal):
    response = coordinator_api.post(
        f"/api/v1/matches/{proposal.pk}/accept/",
        {"companion": VolunteerFactory().pk},
        format="json",
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED


def test_decline_requires_a_reason_and_returns_the_next(coordinator_api, proposal):
    assert coordinator_api.post(f"/api/v1/matches/{proposal.pk}/decline/", {}).status_code == 400
    response = coordinator_api.post(
        f"/api/v1/matches/{proposal.pk}/decline/", {"reason": "Har ikke tid"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["declined"]["status"] == "declined"
    assert response.data["next"] is None
    assert Citizen.objects.get(pk=proposal.citizen_id).status == Citizen.Status.WAITING


def test_hand_over_and_the_steps_to_the_end(coordinator_api, proposal, organisation):
    colleague = CoordinatorFactory(organisation=organisation)
    outsider = CoordinatorFactory()
    url = f"/api/v1/matches/{proposal.pk}"
    assert (
        coordinator_api.post(f"{url}/hand-over/", {"coordinator": outsider.pk}).status_code == 400
    )
    assert (
        coordinator_api.post(f"{url}/hand-over/", {"coordinator": colleague.pk}).status_code == 200
    )
    assert coordinator_api.post(f"{url}/contacted/").status_code == 409  # not accepted yet
    coordinator_api.post(f"{url}/accept/")
    for step in ("contacted", "first-visit", "participating", "end"):
        response = coordinator_api.post(f"{url}/{step}/", {"on": "2020-01-01"})
        assert response.status_code == 400  # before the acceptance date
        response = coordinator_api.post(f"{url}/{step}/")
        assert response.status_code == 200, response.data
    assert response.data["status"] == "ended"
    assert [s["to_status"] for s in response.data["history"]][-4:] == [
        "contacted",
        "first_visit",
        "participating",
        "ended",
    ]


def test_self_referrals_of_the_organisation(coordinator_api, organisation, coordinator):
    from django.utils import timezone

    mine = SelfReferral.objects.create(
        municipality=organisation.municipality,
        activity=ActivityFactory(organisation=organisation),
        first_name="Bodil",
        phone="22334455",
        postcode="4990",
        consent_text="Ja tak",
        consent_given_at=timezone.now(),
    )
    SelfReferral.objects.create(
        municipality=organisation.municipality,
        activity=ActivityFactory(),
        first_name="Ukendt",
        phone="1",
        postcode="4990",
        consent_text="Ja",
        consent_given_at=timezone.now(),
    )
    response = coordinator_api.get("/api/v1/self-referrals/")
    assert [r["first_name"] for r in response.data["results"]] == ["Bodil"]
    assert AuditEvent.objects.filter(citizen_id=mine.pk, user=coordinator).exists()
    assert coordinator_api.post(f"/api/v1/self-referrals/{mine.pk}/handled/").status_code == 200
    assert coordinator_api.get("/api/v1/self-referrals/").data["count"] == 0


def test_transitions_are_in_the_openapi_schema(coordinator_api):
    schema = coordinator_api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for action in ("accept", "decline", "hand-over", "contacted", "first-visit", "end"):
        assert f"/api/v1/matches/{{id}}/{action}/" in paths
    assert "/api/v1/volunteers/{id}/approve/" in paths
    assert "/api/v1/volunteer-sign-ups/" in paths


def test_decline_returns_the_next_proposal_of_the_same_organisation(coordinator_api, proposal):
    choir = ActivityFactory(organisation=proposal.organisation, title="Sangkoret")
    response = coordinator_api.post(
        f"/api/v1/matches/{proposal.pk}/decline/", {"reason": "Vil hellere synge"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["next"]["activity"]["title"] == "Sangkoret"
    assert response.data["next"]["status"] == "proposed"
    assert Match.objects.get(citizen=proposal.citizen, activity=choir).status == "proposed"
