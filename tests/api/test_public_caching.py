"""Public answers may be cached by anyone for a minute; errors by no one."""

import uuid

import pytest
from rest_framework.test import APIClient

from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/activities/", "/api/v1/meeting-places/", "/api/v1/hsds/services"]
)
def test_a_public_answer_may_be_cached_by_anyone(path):
    ActivityFactory()
    response = APIClient().get(path)
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert response["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/activities/?radius_km=500&near=4990",
        "/api/v1/activities/?page_size=1000",
        f"/api/v1/activities/{uuid.uuid4()}/",
        "/api/v1/hsds/services?per_page=0",
        f"/api/v1/hsds/services/{uuid.uuid4()}",
    ],
)
def test_an_error_is_cached_by_no_one(path):
    response = APIClient().get(path)
    assert response.status_code in (400, 404)
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
