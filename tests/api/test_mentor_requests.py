"""/api/v1/mentor-requests/: the coordinator's organisations' requests only, few queries
however many, contact after pairing only, the steps with the services' answers."""

import pytest
from django.core.cache import cache

from matching.models import AuditEvent
from mentors.models import MentorRequest
from tests.factories import (
    CoordinatorFactory,
    MentorOfferFactory,
    MentorRequestFactory,
    VolunteerFactory,
)


@pytest.fixture(autouse=True)
def empty_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mentor(organisation):
    return MentorOfferFactory(
        volunteer=VolunteerFactory(organisation=organisation, first_name="Hanne", phone="30405060")
    )


def test_the_list_shows_own_requests_in_few_queries_however_many(
    coordinator_api, coordinator, organisation, django_assert_max_num_queries
):
    MentorRequestFactory()  # another organisation's
    MentorRequestFactory(organisation=organisation)
    with django_assert_max_num_queries(9) as one:
        coordinator_api.get("/api/v1/mentor-requests/")
    for _ in range(9):
        MentorRequestFactory(organisation=organisation)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coordinator_api.get("/api/v1/mentor-requests/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 10
    assert all(row["phone"] is None and row["email"] is None for row in rows)
    assert AuditEvent.objects.filter(user=coordinator, view="api:mentor-request-list").count() >= 10


def test_the_detail_ranks_the_mentors_with_reasons(coordinator_api, organisation, mentor):
    request = MentorRequestFactory(organisation=organisation)
    body = coordinator_api.get(f"/api/v1/mentor-requests/{request.pk}/").json()
    (suggestion,) = body["suggestions"]
    assert suggestion["mentor"] == mentor.pk
    assert "Kender til demens" in [reason["text"] for reason in suggestion["reasons"]]


def test_accepting_shows_the_contact_and_a_second_accept_is_a_conflict(
    coordinator_api, organisation, mentor
):
    request = MentorRequestFactory(organisation=organisation)
    url = f"/api/v1/mentor-requests/{request.pk}/accept/"
    response = coordinator_api.post(url, {"mentor": mentor.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["phone"] == "40506070"
    again = coordinator_api.post(url, {"mentor": mentor.pk}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "step_not_allowed"


def test_a_mentor_of_another_organisation_is_a_400_and_nothing_changes(
    coordinator_api, organisation
):
    request = MentorRequestFactory(organisation=organisation)
    theirs = MentorOfferFactory()
    response = coordinator_api.post(
        f"/api/v1/mentor-requests/{request.pk}/accept/", {"mentor": theirs.pk}, format="json"
    )
    assert response.status_code == 400
    assert "mentor" in response.json()["fields"]
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.NEW


def test_another_organisations_request_does_not_exist(coordinator_api, mentor):
    theirs = MentorRequestFactory()
    assert coordinator_api.get(f"/api/v1/mentor-requests/{theirs.pk}/").status_code == 404
    response = coordinator_api.post(
        f"/api/v1/mentor-requests/{theirs.pk}/decline/", {"category": "no_mentor"}, format="json"
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == MentorRequest.Status.NEW


def test_decline_and_hand_over(coordinator_api, organisation):
    request = MentorRequestFactory(organisation=organisation)
    colleague = CoordinatorFactory(organisation=organisation)
    url = f"/api/v1/mentor-requests/{request.pk}/"
    assert (
        coordinator_api.post(
            url + "hand-over/", {"coordinator": colleague.pk}, format="json"
        ).json()["coordinator"]
        == colleague.pk
    )
    response = coordinator_api.post(url + "decline/", {"category": "elsewhere"}, format="json")
    assert response.json()["status"] == "declined"


def test_the_mentor_requests_are_in_the_openapi_schema(coordinator_api):
    schema = coordinator_api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in ("", "{id}/", "{id}/accept/", "{id}/decline/", "{id}/hand-over/"):
        assert f"/api/v1/mentor-requests/{path}" in paths
