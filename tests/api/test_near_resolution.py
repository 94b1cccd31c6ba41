"""Every nearby answer of the API says where `near` was found, and a shared name is a 400
with the choices."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


@pytest.mark.parametrize("path", ["/api/v1/activities/", "/api/v1/meeting-places/"])
@pytest.mark.parametrize(
    "near, label, precision",
    [
        ("4990", "4990 Sakskøbing, Danmark", "postcode"),
        ("Sakskøbing", "Sakskøbing (Guldborgsund), Danmark", "town"),
        ("54,7971 11,6452", "din placering", "coordinates"),
    ],
)
def test_a_nearby_answer_says_where_near_was_found(client, path, near, label, precision):
    ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.7980, longitude=11.6460))
    response = client.get(path, {"near": near}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    found = response.json()["near"]
    assert found["label"] == label
    assert found["precision"] == precision
    assert found["latitude"] == pytest.approx(54.80, abs=0.01)
    assert found["longitude"] == pytest.approx(11.64, abs=0.03)


def test_a_list_without_near_has_no_near(client):
    ActivityFactory()
    assert "near" not in client.get("/api/v1/activities/").json()


def test_a_name_several_places_share_is_a_400_with_the_choices(client):
    response = client.get("/api/v1/activities/", {"near": "Hasle"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    text = str(response.json())
    assert "Hasle (Aarhus)" in text and "Hasle (Bornholm)" in text
    assert "Vælg et af dem" in text


def test_the_schema_documents_where_near_was_found(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    listing = schema["components"]["schemas"]["PaginatedActivityList"]
    assert set(listing["properties"]["near"]["properties"]) == {
        "label",
        "latitude",
        "longitude",
        "precision",
    }
