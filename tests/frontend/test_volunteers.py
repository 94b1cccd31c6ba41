"""Volunteer pages: coordinators manage their own; the public sign-up waits for approval."""

import pytest
from django.core.cache import cache

from meetingplaces.models import Volunteer
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_list_shows_own_volunteers_and_approves(
    coordinator_client, organisation, django_assert_max_num_queries
):
    waiting = VolunteerFactory(organisation=organisation, first_name="Ebbe", is_approved=False)
    for _ in range(4):
        VolunteerFactory(organisation=organisation)
    VolunteerFactory(first_name="Fremmed")
    with django_assert_max_num_queries(6):
        page = coordinator_client.get("/frivillige/").content.decode()
    assert "Ebbe" in page and "Fremmed" not in page
    coordinator_client.post(f"/frivillige/{waiting.pk}/godkend/")
    waiting.refresh_from_db()
    assert waiting.is_approved


def test_another_organisations_volunteer_is_404(coordinator_client):
    other = VolunteerFactory()
    assert coordinator_client.get(f"/frivillige/{other.pk}/").status_code == 404
    assert coordinator_client.post(f"/frivillige/{other.pk}/godkend/").status_code == 404


def test_add_a_volunteer(coordinator_client, organisation):
    response = coordinator_client.post(
        "/frivillige/ny/",
        {
            "organisation": organisation.pk,
            "first_name": "Hanne",
            "postcode": "4990",
            "availability": ["3", "4"],
            "interests": ["1"],
            "languages": "da",
            "can_accompany": "on",
            "max_citizens": "2",
        },
    )
    assert response.status_code == 302
    hanne = Volunteer.objects.get(first_name="Hanne")
    assert hanne.availability == 0b11000
    assert hanne.organisation == organisation


def test_unknown_postcode_is_a_clear_error(coordinator_client, organisation):
    response = coordinator_client.post(
        "/frivillige/ny/",
        {
            "organisation": organisation.pk,
            "first_name": "Hanne",
            "postcode": "0000",
            "languages": "da",
            "max_citizens": "1",
        },
    )
    assert response.status_code == 200
    assert "Vi kunne ikke finde" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_public_sign_up(client, organisation):
    form = {
        "organisation": organisation.pk,
        "first_name": "Karen",
        "email": "karen@example.org",
        "postcode": "4990",
        "consent": "on",
    }
    assert client.post("/bliv-frivillig/", form).status_code == 302
    assert Volunteer.objects.get(first_name="Karen").is_approved is False
    again = client.post("/bliv-frivillig/", form)
    assert "allerede en frivillig med denne e-mail" in again.content.decode()
    missing = client.post("/bliv-frivillig/", {**form, "email": "", "first_name": "Lis"})
    assert "Skriv et telefonnummer eller en e-mail" in missing.content.decode()
    assert Volunteer.objects.count() == 1


def test_sign_up_is_rate_limited(client, organisation):
    for i in range(5):
        client.post(
            "/bliv-frivillig/",
            {
                "organisation": organisation.pk,
                "first_name": f"F{i}",
                "phone": "1234",
                "postcode": "4990",
                "consent": "on",
            },
        )
    response = client.post(
        "/bliv-frivillig/",
        {
            "organisation": organisation.pk,
            "first_name": "Sjette",
            "phone": "1234",
            "postcode": "4990",
            "consent": "on",
        },
    )
    assert response.status_code == 429
    assert "Prøv igen senere" in response.content.decode()
    assert not Volunteer.objects.filter(first_name="Sjette").exists()
