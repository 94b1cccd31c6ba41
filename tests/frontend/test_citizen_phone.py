"""Whom a coordinator may call: recorded with consent by the citizen's home-care staff on
the citizen's page, and shown to the coordinator only once a match is accepted — on the
pages and in the API, never before, and never to a role that may not see it."""

import pytest
from django.test import Client
from django.urls import reverse

from matching.models import AuditEvent, Citizen
from tests.factories import ActivityFactory, CitizenFactory, MatchFactory, StaffFactory, sign_in
from tests.security.hostile import FICTIONAL_CPR

pytestmark = pytest.mark.django_db

RELATIVE = {
    "phone": "20 30  40 50",
    "holder": "relative",
    "relative_name": "Hanne (datter)",
    "consent": "on",
}


@pytest.fixture
def citizen(team):
    return CitizenFactory(team=team, first_name="Inger", status="proposed")


@pytest.fixture
def staff_pages(staff):
    """The staff member in a browser of their own, beside the coordinator's."""
    client = Client()
    sign_in(client, staff)
    return client


@pytest.fixture
def proposal(citizen, organisation):
    return MatchFactory(citizen=citizen, activity=ActivityFactory(organisation=organisation))


def record(client, citizen, **fields):
    return client.post(reverse("frontend:homecare-phone", args=[citizen.pk]), fields)


def test_staff_record_a_relatives_phone_with_consent(staff_client, staff, citizen):
    response = record(staff_client, citizen, **RELATIVE)

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.phone == "20 30 40 50"
    assert citizen.phone_holder == Citizen.PhoneHolder.RELATIVE
    assert citizen.relative_name == "Hanne (datter)"
    assert citizen.phone_recorded_by == staff and citizen.phone_consent_at is not None
    assert AuditEvent.objects.filter(
        user=staff, citizen_id=citizen.pk, action="update", view="frontend:homecare-phone"
    ).exists()
    page = staff_client.get(reverse("frontend:homecare-citizen", args=[citizen.pk]))
    assert "Hanne (datter)" in page.content.decode()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({**RELATIVE, "consent": ""}, "consent"),
        ({**RELATIVE, "relative_name": ""}, "relative_name"),
        ({**RELATIVE, "relative_name": f"Hanne {FICTIONAL_CPR}"}, "relative_name"),
        ({**RELATIVE, "phone": "12 34"}, "phone"),
        ({**RELATIVE, "holder": ""}, "holder"),
    ],
)
def test_a_phone_without_consent_holder_or_valid_number_is_refused(
    staff_client, citizen, fields, field
):
    response = record(staff_client, citizen, **fields)

    assert response.status_code == 200
    assert f'href="#id_{field}' in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.phone == "" and citizen.relative_name == ""


def test_an_empty_number_removes_the_phone(staff_client, team):
    citizen = CitizenFactory(team=team, phone="20304050")

    record(staff_client, citizen, phone="")

    citizen.refresh_from_db()
    assert (citizen.phone, citizen.phone_holder, citizen.phone_consent_at) == ("", "", None)


def test_staff_of_another_team_cannot_record_a_phone(client, citizen):
    sign_in(client, StaffFactory())

    response = record(client, citizen, **RELATIVE)

    assert response.status_code == 404
    citizen.refresh_from_db()
    assert citizen.phone == ""


def test_the_coordinator_sees_the_phone_and_whom_to_call_only_after_accepting(
    staff_pages, coordinator_client, citizen, proposal
):
    record(staff_pages, citizen, **RELATIVE)
    match_page = reverse("frontend:match", args=[proposal.pk])

    for url in (match_page, reverse("frontend:inbox"), reverse("frontend:inbox-lists")):
        text = coordinator_client.get(url).content.decode()
        assert "20 30 40 50" not in text and "Hanne" not in text, url

    coordinator_client.post(reverse("frontend:match-accept", args=[proposal.pk]))

    text = coordinator_client.get(match_page).content.decode()
    assert 'href="tel:20304050"' in text
    assert "Pårørende: Hanne (datter)" in text
    assert (
        "Pårørende: Hanne (datter)"
        in coordinator_client.get(reverse("frontend:inbox")).content.decode()
    )


def test_the_api_gives_the_phone_and_its_holder_only_after_accepting(
    staff_pages, coordinator_api, citizen, proposal
):
    record(staff_pages, citizen, **RELATIVE)
    url = f"/api/v1/matches/{proposal.pk}/"

    before = coordinator_api.get(url).json()["citizen"]
    assert (before["phone"], before["phone_holder"], before["relative_name"]) == (None, None, None)
    assert "Hanne" not in str(coordinator_api.get("/api/v1/matches/").json())

    coordinator_api.post(f"{url}accept/", {}, format="json")

    after = coordinator_api.get(url).json()["citizen"]
    assert (after["phone"], after["phone_holder"], after["relative_name"]) == (
        "20 30 40 50",
        "relative",
        "Hanne (datter)",
    )


def test_the_staff_api_does_not_carry_the_phone(staff_pages, staff_api, citizen):
    record(staff_pages, citizen, **RELATIVE)

    body = str(staff_api.get(f"/api/v1/citizens/{citizen.pk}/").json())

    assert "20 30 40 50" not in body and "Hanne" not in body


def test_a_declined_match_never_shows_the_phone(staff_pages, coordinator_client, citizen, proposal):
    record(staff_pages, citizen, **RELATIVE)
    coordinator_client.post(
        reverse("frontend:match-decline", args=[proposal.pk]), {"reason": "Holdet er fuldt"}
    )
    proposal.refresh_from_db()
    assert proposal.status == "declined"

    text = coordinator_client.get(reverse("frontend:match", args=[proposal.pk])).content.decode()

    assert "20 30 40 50" not in text and "Hanne" not in text
