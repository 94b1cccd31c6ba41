"""Other sites' pages may read the public data from a browser, and nothing else."""

import pytest

from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.kommune.example.dk"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/activities/",
        "/api/v1/meeting-places/",
        "/api/v1/hsds/services",
        "/kommune/guldborgsund.ics",
    ],
)
def test_public_reads_answer_any_origin(client, path):
    ActivityFactory()
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize(
    "path", ["/api/v1/citizens/", "/api/v1/matches/", "/api/v1/schema/", "/find/"]
)
def test_everything_else_answers_no_other_origin(client, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/hsds/services",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
