"""The public meeting-places API: nearest first, filters, detail with its activities."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ActivityFactory, MeetingPlaceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def test_meeting_places_near_a_town_nearest_first(client):
    far = MeetingPlaceFactory(name="Nykøbing F", latitude=54.7690, longitude=11.8740)
    near = MeetingPlaceFactory(name="Sakskøbing", latitude=54.7980, longitude=11.6460)
    MeetingPlaceFactory(name="Aalborg", latitude=57.048, longitude=9.919)
    response = client.get("/api/v1/meeting-places/", {"near": "Sakskøbing", "radius_km": 25})
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [str(near.uuid), str(far.uuid)]
    assert rows[0]["distance_km"] < rows[1]["distance_km"]


def test_meeting_place_filters_and_unknown_parameters(client):
    host = OrganisationFactory()
    hosted = MeetingPlaceFactory(host=host, step_free=True, town="Stubbekøbing")
    MeetingPlaceFactory(step_free=False)
    assert [
        r["id"]
        for r in client.get("/api/v1/meeting-places/", {"organisation": str(host.uuid)}).json()[
            "results"
        ]
    ] == [str(hosted.uuid)]
    assert client.get("/api/v1/meeting-places/", {"step_free": "false"}).json()["count"] == 1
    assert client.get("/api/v1/meeting-places/", {"q": "stubbe"}).json()["count"] == 1
    assert client.get("/api/v1/meeting-places/", {"category": "games"}).status_code == 400


def test_meeting_place_detail_lists_its_active_activities(client):
    place = MeetingPlaceFactory()
    ActivityFactory(meeting_place=place, title="Strikkecafé")
    ActivityFactory(meeting_place=place, title="Lukket hold", is_active=False)
    body = client.get(f"/api/v1/meeting-places/{place.uuid}/").json()
    assert [a["title"] for a in body["activities"]] == ["Strikkecafé"]
    assert body["address"] == place.address


def test_meeting_place_list_queries_are_constant(client, django_assert_max_num_queries):
    for n in range(30):
        MeetingPlaceFactory(latitude=54.79 + n * 0.001, host=OrganisationFactory())
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/meeting-places/", {"near": "4990", "page_size": 30})
    assert len(response.json()["results"]) == 30
