"""Every error the API answers has one shape: {"code", "detail", "fields"}, as JSON."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from api.exceptions import exception_handler
from matching.lifecycle import MatchError, NoSeatLeft, StepNotAllowed
from matching.models import Match
from tests.factories import (
    ActivityFactory,
    CoordinatorFactory,
    MatchFactory,
    OrganisationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _is_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert body["detail"]
    return body


@pytest.fixture
def coordinator_client():
    organisation = OrganisationFactory()
    client = APIClient()
    client.force_authenticate(CoordinatorFactory(organisation=organisation))
    client.organisation = organisation
    return client


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/nope/", "/api/v1/activities/1/2/3/"])
def test_an_unknown_path_under_the_api_is_a_json_404(client, path):
    _is_error(client.get(path), 404, "not_found")


def test_an_id_that_is_not_a_uuid_is_a_json_404(client):
    staff = APIClient()
    staff.force_authenticate(StaffFactory())
    _is_error(staff.get("/api/v1/citizens/not-a-uuid/"), 404, "not_found")


def test_a_match_id_that_is_not_a_uuid_is_a_json_404(coordinator_client):
    _is_error(coordinator_client.get("/api/v1/matches/not-a-uuid/"), 404, "not_found")


def test_a_refusal_by_role_is_a_json_403(client):
    _is_error(client.get("/api/v1/citizens/not-a-uuid/"), 403, "not_authenticated")


def test_a_path_without_its_trailing_slash_is_redirected_to_it(client):
    response = client.get("/api/v1/activities?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/activities/?page=1"


def test_a_method_the_endpoint_does_not_take_is_a_json_405(client):
    _is_error(client.delete("/api/v1/activities/"), 405, "method_not_allowed")


def test_a_bad_filter_value_is_a_400_naming_the_parameter(coordinator_client):
    body = _is_error(
        coordinator_client.get("/api/v1/matches/", {"status": "bogus"}), 400, "invalid"
    )
    assert body["fields"]["status"][0]


@pytest.mark.parametrize("page", ["abc", "0", "99"])
def test_a_page_that_does_not_exist_is_a_400_naming_page(coordinator_client, page):
    body = _is_error(coordinator_client.get("/api/v1/matches/", {"page": page}), 400, "invalid")
    assert body["fields"]["page"] == ["Den side findes ikke."]


def test_the_last_seat_taken_is_a_409_no_seat_left(coordinator_client):
    activity = ActivityFactory(organisation=coordinator_client.organisation, capacity=1)
    MatchFactory(activity=activity, status=Match.Status.ACCEPTED)
    proposal = MatchFactory(activity=activity)
    body = _is_error(
        coordinator_client.post(f"/api/v1/matches/{proposal.pk}/accept/"), 409, "no_seat_left"
    )
    assert "ikke flere ledige pladser" in body["detail"]
    assert body["fields"] == {}
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED


def test_a_step_out_of_order_is_a_409_step_not_allowed(coordinator_client):
    proposal = MatchFactory(activity=ActivityFactory(organisation=coordinator_client.organisation))
    response = coordinator_client.post(f"/api/v1/matches/{proposal.pk}/end/")
    _is_error(response, 409, "step_not_allowed")
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED


def test_a_date_in_the_future_is_a_400_on_the_field_on(coordinator_client):
    match = MatchFactory(
        activity=ActivityFactory(organisation=coordinator_client.organisation),
        status=Match.Status.ACCEPTED,
    )
    response = coordinator_client.post(
        f"/api/v1/matches/{match.pk}/contacted/", {"on": "2999-01-01"}, format="json"
    )
    body = _is_error(response, 400, "invalid")
    assert body["fields"] == {"on": ["Datoen må ikke ligge i fremtiden."]}
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


@pytest.mark.parametrize(
    ("error", "status", "code", "fields"),
    [
        (NoSeatLeft("Ingen plads"), 409, "no_seat_left", {}),
        (StepNotAllowed("Ikke nu"), 409, "step_not_allowed", {}),
        (
            MatchError("Vælg en anden", field="companion"),
            400,
            "match_error",
            {"companion": ["Vælg en anden"]},
        ),
        (ValidationError("Uden felt"), 400, "invalid", {"non_field_errors": ["Uden felt"]}),
        (ValidationError({"postcode": "Ukendt"}), 400, "invalid", {"postcode": ["Ukendt"]}),
        (PermissionDenied("Ikke din"), 404, "not_found", {}),
    ],
)
def test_the_handler_gives_each_service_error_its_status_code_and_fields(
    error, status, code, fields
):
    response = exception_handler(error, {})
    assert response.status_code == status
    assert response.data["code"] == code
    assert response.data["fields"] == fields


def test_a_validation_error_without_a_field_says_its_message_as_the_detail():
    response = exception_handler(ValidationError("Aktiviteten passer ikke længere."), {})
    assert response.data["detail"] == "Aktiviteten passer ikke længere."


def test_an_unexpected_error_is_left_to_django():
    assert exception_handler(KeyError("bug"), {}) is None


def test_the_error_speaks_the_requests_language(coordinator_client):
    response = coordinator_client.get(
        "/api/v1/matches/", {"status": "bogus"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["detail"] == "Some of the information is not valid."
