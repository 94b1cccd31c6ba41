"""The volunteers API: coordinators manage their own; anyone may sign up, rate limited."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from meetingplaces.models import Volunteer
from meetingplaces.volunteers import SIGN_UP_CONSENT_TEXT, SIGN_UPS_PER_HOUR
from tests.factories import CoordinatorFactory, OrganisationFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def client(organisation):
    api = APIClient()
    api.force_authenticate(CoordinatorFactory(organisation=organisation))
    return api


def test_list_only_own_volunteers_with_few_queries(
    client, organisation, django_assert_max_num_queries
):
    for _ in range(5):
        VolunteerFactory(organisation=organisation)
    VolunteerFactory()
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/volunteers/")
    assert response.data["count"] == 5


def test_another_organisations_volunteer_is_not_found(client):
    other = VolunteerFactory()
    assert client.get(f"/api/v1/volunteers/{other.pk}/").status_code == 404
    assert client.patch(f"/api/v1/volunteers/{other.pk}/", {"has_car": True}).status_code == 404


def test_create_and_change_a_volunteer(client, organisation):
    response = client.post(
        "/api/v1/volunteers/",
        {
            "organisation": organisation.pk,
            "first_name": "Hanne",
            "postcode": "4990",
            "availability": [[1, 0], [3, 1]],
            "interests": ["cards", "coffee"],
            "can_accompany": True,
            "max_citizens": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["availability"] == [[1, 0], [3, 1]]
    assert sorted(response.data["interests"]) == ["cards", "coffee"]
    assert round(response.data["latitude"]) == 55  # placed at the postcode
    changed = client.patch(
        f"/api/v1/volunteers/{response.data['id']}/", {"has_car": True}, format="json"
    )
    assert changed.data["has_car"] is True


def test_cannot_create_in_another_organisation(client):
    other = OrganisationFactory()
    response = client.post(
        "/api/v1/volunteers/",
        {"organisation": other.pk, "first_name": "X", "postcode": "4990"},
        format="json",
    )
    assert response.status_code == 400
    assert not Volunteer.objects.exists()


def test_bad_input_gets_clear_errors(client, organisation):
    response = client.post(
        "/api/v1/volunteers/",
        {
            "organisation": organisation.pk,
            "first_name": "Hanne",
            "postcode": "0000",
            "interests": ["skydiving"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "interests" in response.data["fields"]
    response = client.post(
        "/api/v1/volunteers/",
        {"organisation": organisation.pk, "first_name": "Hanne", "postcode": "0000"},
        format="json",
    )
    assert response.status_code == 400
    assert "postcode" in response.data["fields"]
    assert not Volunteer.objects.exists()


def test_approve(client, organisation):
    new = VolunteerFactory(organisation=organisation, is_approved=False)
    assert client.post(f"/api/v1/volunteers/{new.pk}/approve/").data["is_approved"] is True


def test_public_sign_up_waits_for_approval_and_is_rate_limited(organisation):
    anonymous = APIClient()
    data = {
        "organisation": organisation.pk,
        "first_name": "Ebbe",
        "email": "ebbe@example.org",
        "postcode": "4990",
        "can_accompany": True,
        "consent": True,
    }
    response = anonymous.post("/api/v1/volunteer-sign-ups/", data, format="json")
    assert response.status_code == 201
    ebbe = Volunteer.objects.get(first_name="Ebbe")
    assert ebbe.is_approved is False
    again = anonymous.post("/api/v1/volunteer-sign-ups/", data, format="json")
    assert again.status_code == 400
    assert "e-mail" in str(again.data)
    for _ in range(SIGN_UPS_PER_HOUR):
        last = anonymous.post("/api/v1/volunteer-sign-ups/", {**data, "email": ""}, format="json")
    assert last.status_code == 400  # neither phone nor e-mail: refused before counting
    for i in range(SIGN_UPS_PER_HOUR):
        last = anonymous.post(
            "/api/v1/volunteer-sign-ups/", {**data, "email": f"e{i}@example.org"}, format="json"
        )
    assert last.status_code == 429
    assert "Prøv igen senere" in last.data["detail"]
    assert Volunteer.objects.count() == SIGN_UPS_PER_HOUR - 2 + 1


def test_public_sign_up_records_the_consent_like_the_page(organisation):
    data = {"organisation": organisation.pk, "first_name": "Ebbe", "postcode": "4990"}
    api = APIClient().post(
        "/api/v1/volunteer-sign-ups/",
        {**data, "email": "a@example.org", "consent": True},
        format="json",
    )
    page = Client().post("/bliv-frivillig/", {**data, "email": "b@example.org", "consent": "on"})
    assert (api.status_code, page.status_code) == (201, 302)
    by_api, by_page = (Volunteer.objects.get(email=e) for e in ("a@example.org", "b@example.org"))
    assert by_api.consent_text == by_page.consent_text == str(SIGN_UP_CONSENT_TEXT)
    assert "gemmer mine oplysninger" in by_api.consent_text
    assert by_api.consent_given_at is not None and by_page.consent_given_at is not None


@pytest.mark.parametrize("consent", [None, False, "nej"])
def test_public_sign_up_without_consent_saves_nothing(organisation, consent):
    data = {"organisation": organisation.pk, "first_name": "Ebbe", "email": "e@example.org"}
    data["postcode"] = "4990"
    if consent is not None:
        data["consent"] = consent
    response = APIClient().post("/api/v1/volunteer-sign-ups/", data, format="json")
    assert response.status_code == 400
    assert "consent" in response.json()["fields"]
    assert not Volunteer.objects.exists()


def test_a_volunteer_a_coordinator_enters_has_no_sign_up_consent(client, organisation):
    response = client.post(
        "/api/v1/volunteers/",
        {"organisation": organisation.pk, "first_name": "Lis", "postcode": "4990"},
        format="json",
    )
    assert response.status_code == 201, response.data
    lis = Volunteer.objects.get(first_name="Lis")
    assert (lis.consent_text, lis.consent_given_at) == ("", None)
