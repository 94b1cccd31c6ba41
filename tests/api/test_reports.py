"""The reports API: aggregates with small counts as "< 5", scoped like everything else."""

import pytest
from rest_framework.test import APIClient

from tests.outcomes.conftest import small_world  # noqa: F401 (the hand-computed world)
from tests.security.conftest import world  # noqa: F401

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_funnel_total_in_the_api(small_world):  # noqa: F811
    body = client_for(small_world.admin).get("/api/v1/reports/funnel/").json()
    funnel = next(t for t in body["tables"] if t["key"] == "funnel")
    assert funnel["total"]["flagged"] == 10
    assert funnel["total"]["ended"] == "< 5"
    assert {row["label"]: row["values"]["flagged"] for row in funnel["rows"]} == {
        "Nord": "< 5",
        "Syd": "< 5",
    }
    assert body["period"]["key"] == "12m"


def test_the_effect_and_gaps_in_the_api(small_world):  # noqa: F811
    client = client_for(small_world.admin)
    effect = client.get("/api/v1/reports/effect/").json()["tables"][1]
    assert effect["total"]["n_w8"] == 6 and effect["total"]["improved_w8"] == 5
    gaps = client.get("/api/v1/reports/gaps/", {"interest": "cards"}).json()
    assert gaps["tables"][0]["total"]["waiting"] == 5
    assert gaps["best_places"][0]["reaches"] == 5


@pytest.mark.parametrize(
    "role, filters",
    [
        ("staff_a", {"team": "team_b"}),
        ("staff_a", {"organisation": "org_x"}),
        ("coordinator_x", {"organisation": "org_y"}),
        ("coordinator_x", {"municipality": "home"}),
        ("admin", {"municipality": "other"}),
        ("admin", {"team": "team_other"}),
        ("admin", {"organisation": "org_other"}),
        ("admin_other", {"team": "team_a"}),
    ],
)
@pytest.mark.parametrize("report", ["funnel", "effect", "gaps"])
def test_another_municipality_team_or_organisation_is_not_found(world, role, filters, report):  # noqa: F811
    params = {key: _param(world, name) for key, name in filters.items()}
    response = client_for(world.users[role]).get(f"/api/v1/reports/{report}/", params)
    assert response.status_code == 404


def test_a_missing_organisation_is_not_found_like_another_ones(world):  # noqa: F811
    client = client_for(world.users["admin"])
    missing = client.get(
        "/api/v1/reports/funnel/", {"organisation": "00000000-0000-0000-0000-000000000000"}
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "role, filters",
    [
        ("staff_a", {"team": "team_a"}),
        ("coordinator_x", {"organisation": "org_x"}),
        ("admin", {"municipality": "home"}),
        ("admin", {"team": "team_b"}),
        ("admin", {"organisation": "org_y"}),
    ],
)
def test_own_municipality_team_and_organisation_are_found(world, role, filters):  # noqa: F811
    params = {key: _param(world, name) for key, name in filters.items()}
    assert client_for(world.users[role]).get("/api/v1/reports/funnel/", params).status_code == 200


@pytest.mark.parametrize(
    "params, field",
    [
        ({"period": "last year"}, "period"),
        ({"team": "nord"}, "team"),
        ({"interest": "golf"}, "interest"),
    ],
)
def test_a_malformed_filter_is_a_400_naming_the_field(world, params, field):  # noqa: F811
    response = client_for(world.users["admin"]).get("/api/v1/reports/gaps/", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_the_reports_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for report in ("funnel", "effect", "gaps"):
        parameters = {p["name"] for p in paths[f"/api/v1/reports/{report}/"]["get"]["parameters"]}
        assert {"period", "municipality", "team", "organisation"} <= parameters


def _param(found, name: str) -> str:
    thing = getattr(found, name)
    if name in ("home", "other"):
        return thing.code
    if name.startswith("team"):
        return str(thing.pk)
    return str(thing.uuid)
