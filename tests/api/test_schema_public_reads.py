"""The OpenAPI schema tells a third party the bounds, the time zone and what an answer
looks like."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/schema/", {"format": "json"}).json()


def parameters(schema, path):
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize("path", ["/api/v1/activities/", "/api/v1/meeting-places/"])
def test_the_bounds_of_the_finder_parameters_are_in_the_schema(schema, path):
    found = parameters(schema, path)
    assert (found["radius_km"]["minimum"], found["radius_km"]["maximum"]) == (0.1, 50)
    assert found["radius_km"]["default"] == 5
    assert (found["page_size"]["minimum"], found["page_size"]["maximum"]) == (1, 100)


def test_the_schema_says_times_are_copenhagen_local_time(schema):
    assert "Europe/Copenhagen" in schema["info"]["description"]
    assert "Europe/Copenhagen" in schema["paths"]["/api/v1/activities/"]["get"]["description"]


def test_the_activity_list_example_has_exactly_the_fields_of_an_activity(schema):
    media = schema["paths"]["/api/v1/activities/"]["get"]["responses"]["200"]["content"]
    (row,) = media["application/json"]["example"]["results"]
    activity = schema["components"]["schemas"]["Activity"]["properties"]
    assert set(row) == set(activity)


def test_keys_for_other_systems_are_a_security_scheme(schema):
    assert schema["components"]["securitySchemes"]["apiKey"]["name"] == "Authorization"
