"""The citizens API: team-scoped, audited, the same rules and messages as the pages."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from matching.models import AuditEvent, Citizen, Screening
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    ScreeningFactory,
    StaffFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

BODY = {
    "care_reference": "HP-4410",
    "first_name": "Poul",
    "address": "4990",
    "lacks_companionship": 3,
    "feels_left_out": 3,
    "feels_isolated": 2,
    "interests": ["cards"],
    "mobility": "walks_alone",
    "max_distance_km": "5",
    "weekdays": [1],
    "parts_of_day": [0, 1],
    "companion_needed": False,
    "gender": "man",
    "language": "da",
    "notes": "",
    "consent_given": True,
    "consent_method": "written",
}


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def staff(team):
    return StaffFactory(team=team)


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


def test_flagging_through_the_api_saves_the_citizen_and_its_baseline(api, staff, team):
    response = api.post("/api/v1/citizens/", BODY, format="json")
    assert response.status_code == 201, response.json()
    citizen = Citizen.objects.get()
    assert response.json()["id"] == str(citizen.pk)
    assert (citizen.team, citizen.flagged_by, citizen.gender) == (team, staff, "man")
    assert response.json()["interests"] == ["cards"]
    assert response.json()["preferred_slots"] == [[1, 0], [1, 1]]
    assert [s["total"] for s in response.json()["screenings"]] == [8]
    assert AuditEvent.objects.filter(citizen_id=citizen.pk, action="create").count() == 1


def test_without_consent_the_api_saves_nothing(api):
    response = api.post("/api/v1/citizens/", {**BODY, "consent_given": False}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["consent_given"] == [
        "Uden samtykke gemmes intet. Spørg borgeren først."
    ]
    assert not Citizen.objects.exists()


@pytest.mark.parametrize("field", ["care_reference", "first_name", "address", "notes"])
def test_cpr_shaped_numbers_are_refused_by_the_api(api, field):
    response = api.post("/api/v1/citizens/", {**BODY, field: "1204561234"}, format="json")
    assert response.status_code == 400
    assert "ligner et CPR-nummer" in response.json()["fields"][field][0]
    assert not Citizen.objects.exists() and not Screening.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(api):
    response = api.post("/api/v1/citizens/", [BODY], format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"] == ["Send et JSON-objekt med felterne."]
    assert not Citizen.objects.exists()


def test_list_shows_the_team_only_in_few_queries(api, team, django_assert_max_num_queries):
    mine = [CitizenFactory(team=team) for _ in range(15)]
    CitizenFactory()
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/citizens/")
    body = response.json()
    assert body["count"] == 15
    assert {row["id"] for row in body["results"]} == {str(c.pk) for c in mine}
    assert AuditEvent.objects.filter(view="api:citizen-list").count() == 15


def test_detail_has_screenings_and_is_audited(api, team):
    citizen = CitizenFactory(team=team)
    ScreeningFactory(citizen=citizen)
    response = api.get(f"/api/v1/citizens/{citizen.pk}/")
    assert response.json()["screenings"][0]["meaning"] == "Ofte ensom"
    event = AuditEvent.objects.get(citizen_id=citizen.pk)
    assert (event.action, event.view) == ("read", "api:citizen-detail")


def test_screening_through_the_api(api, team):
    citizen = CitizenFactory(team=team)
    body = {
        "kind": "week_12",
        "taken_on": timezone.localdate().isoformat(),
        "lacks_companionship": 1,
        "feels_left_out": 1,
        "feels_isolated": 2,
    }
    response = api.post(f"/api/v1/citizens/{citizen.pk}/screenings/", body, format="json")
    assert response.status_code == 201 and response.json()["total"] == 4
    again = api.post(f"/api/v1/citizens/{citizen.pk}/screenings/", body, format="json")
    assert again.status_code == 400 and "allerede registreret" in again.json()["fields"]["kind"][0]
    assert citizen.screenings.count() == 1


def test_suggestions_carry_their_reasons(api, team, django_assert_max_num_queries):
    citizen = CitizenFactory(team=team, interests=0b10, preferred_slots=0b1 << 3)
    activities = [ActivityFactory() for _ in range(8)]
    with django_assert_max_num_queries(10):
        response = api.get(f"/api/v1/citizens/{citizen.pk}/suggestions/")
    body = response.json()
    assert len(body) == 5
    assert {row["activity"]["id"] for row in body} <= {a.pk for a in activities}
    first = body[0]
    kinds = [r["kind"] for r in first["reasons"]]
    assert kinds[:3] == ["distance", "interests", "schedule"]
    assert first["reasons"][1]["text"] == "Interesser: kortspil"
    assert first["reasons"][2]["text"] == "Tirsdag formiddag passer"
    assert AuditEvent.objects.filter(view="api:citizen-suggestions").count() == 1


def test_another_teams_citizen_answers_404_on_every_endpoint(api):
    stranger = CitizenFactory()
    assert api.get(f"/api/v1/citizens/{stranger.pk}/").status_code == 404
    assert api.get(f"/api/v1/citizens/{stranger.pk}/suggestions/").status_code == 404
    response = api.post(f"/api/v1/citizens/{stranger.pk}/screenings/", {}, format="json")
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_anonymous_users_and_coordinators_cannot_reach_the_citizens_api(who):
    client = APIClient()
    if who == "coordinator":
        client.force_authenticate(CoordinatorFactory())
    citizen = CitizenFactory()
    for method, url in [
        ("get", "/api/v1/citizens/"),
        ("post", "/api/v1/citizens/"),
        ("get", f"/api/v1/citizens/{citizen.pk}/"),
        ("get", f"/api/v1/citizens/{citizen.pk}/suggestions/"),
        ("post", f"/api/v1/citizens/{citizen.pk}/screenings/"),
    ]:
        assert getattr(client, method)(url, BODY, format="json").status_code == 403, url
    assert Citizen.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_the_openapi_schema_documents_the_citizen_endpoints(api):
    paths = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/citizens/"])
    assert "get" in paths["/api/v1/citizens/{id}/suggestions/"]
    assert "post" in paths["/api/v1/citizens/{id}/screenings/"]
