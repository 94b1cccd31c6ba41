"""Consent withdrawn from the home-care page, the API and the Django admin: one service
(matching.privacy.withdraw_consent) erases at once, ends the open matches (they leave every
inbox, live too) and is audited."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from matching.models import AuditEvent, Citizen, Match
from matching.privacy import withdraw_consent
from notifications.models import Message
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    StaffFactory,
    TeamFactory,
    UserFactory,
    VolunteerFactory,
    sign_in,
    start_support_session,
)
from tests.matching.test_live_events import connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> dict:
    team = TeamFactory()
    citizen = CitizenFactory(team=team, first_name="Gudrun", phone="20304050")
    activity = ActivityFactory()
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    proposed = MatchFactory(citizen=citizen, activity=activity, status=Match.Status.PROPOSED)
    ongoing = MatchFactory(
        citizen=citizen,
        activity=ActivityFactory(organisation=activity.organisation),
        status=Match.Status.ACCEPTED,
        companion=VolunteerFactory(organisation=activity.organisation, email="hanne@example.org"),
    )
    ended = MatchFactory(citizen=citizen, status=Match.Status.ENDED)
    return {
        "citizen": citizen,
        "staff": StaffFactory(team=team),
        "other_staff": StaffFactory(team=TeamFactory()),
        "coordinator": coordinator,
        "proposed": proposed,
        "ongoing": ongoing,
        "ended": ended,
    }


def signed_in(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def assert_withdrawn(world, *, view: str) -> None:
    citizen = Citizen.objects.get(pk=world["citizen"].pk)
    assert citizen.consent_withdrawn_at is not None and citizen.anonymised_at is not None
    assert (citizen.first_name, citizen.phone) == ("", "")
    for name in ("proposed", "ongoing"):
        world[name].refresh_from_db()
        assert world[name].status == Match.Status.WITHDRAWN
    world["ended"].refresh_from_db()
    assert world["ended"].status == Match.Status.ENDED
    erase = AuditEvent.objects.get(citizen_id=citizen.pk, action=AuditEvent.Action.ERASE)
    assert erase.view == view


def assert_unchanged(world) -> None:
    citizen = Citizen.objects.get(pk=world["citizen"].pk)
    assert citizen.anonymised_at is None and citizen.first_name == "Gudrun"
    assert Match.objects.filter(status=Match.Status.WITHDRAWN).count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).exists()


def test_staff_of_the_citizens_team_withdraw_consent_from_the_citizen_page(world):
    client = signed_in(world["staff"])
    url = reverse("frontend:homecare-withdraw", args=[world["citizen"].pk])
    page = client.get(reverse("frontend:homecare-citizen", args=[world["citizen"].pk]))
    assert url in page.content.decode()

    response = client.post(url, {"confirm": "yes"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("frontend:homecare-citizens")
    assert "borgerens oplysninger er slettet" in response.content.decode()
    assert "Gudrun" not in response.content.decode()
    assert_withdrawn(world, view="frontend:homecare-withdraw")
    # Erased: the citizen no longer exists for home care.
    gone = client.get(reverse("frontend:homecare-citizen", args=[world["citizen"].pk]))
    assert gone.status_code == 404


def test_without_the_tick_nothing_is_withdrawn(world):
    client = signed_in(world["staff"])
    url = reverse("frontend:homecare-withdraw", args=[world["citizen"].pk])
    response = client.post(url, follow=True)
    assert "Sæt kryds" in response.content.decode()
    assert_unchanged(world)


def test_another_teams_staff_cannot_withdraw(world):
    client = signed_in(world["other_staff"])
    url = reverse("frontend:homecare-withdraw", args=[world["citizen"].pk])
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert_unchanged(world)


def test_the_api_withdraws_consent_when_confirmed(world):
    client = signed_in(world["staff"])
    url = f"/api/v1/citizens/{world['citizen'].pk}/withdraw-consent/"
    response = client.post(url, {"confirm": True}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["withdrawn_matches"] == 2
    assert response.json()["anonymised_at"]
    assert_withdrawn(world, view="api:citizen-withdraw-consent")
    assert client.get(f"/api/v1/citizens/{world['citizen'].pk}/").status_code == 404


@pytest.mark.parametrize("body", [{}, {"confirm": False}, {"confirm": "maybe"}])
def test_the_api_refuses_without_confirmation(world, body):
    client = signed_in(world["staff"])
    url = f"/api/v1/citizens/{world['citizen'].pk}/withdraw-consent/"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert_unchanged(world)


def test_the_api_answers_404_to_another_team(world):
    client = signed_in(world["other_staff"])
    url = f"/api/v1/citizens/{world['citizen'].pk}/withdraw-consent/"
    response = client.post(url, {"confirm": True}, content_type="application/json")
    assert response.status_code == 404
    assert_unchanged(world)


def test_the_api_schema_documents_the_withdrawal(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/citizens/{id}/withdraw-consent/"]["post"]
    assert "200" in operation["responses"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert schema["components"]["schemas"][body.rsplit("/", 1)[1]]["required"] == ["confirm"]


def test_the_django_admin_withdraws_consent_with_an_action(world):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = start_support_session(signed_in(operator), operator)
    response = client.post(
        reverse("admin:matching_citizen_changelist"),
        {"action": "withdraw", "_selected_action": [str(world["citizen"].pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Samtykket er trukket tilbage for 1 borger" in response.content.decode()
    assert_withdrawn(world, view="admin:citizen_withdraw")


def test_withdrawn_matches_leave_the_coordinators_inbox_and_the_api_lists(world):
    client = signed_in(world["coordinator"])
    before = client.get(reverse("frontend:inbox")).content.decode()
    assert "Gudrun" in before
    withdraw_consent(citizen=world["citizen"], by=world["staff"])
    after = client.get(reverse("frontend:inbox")).content.decode()
    assert "Gudrun" not in after and "20304050" not in after
    assert str(world["proposed"].pk) not in after and str(world["ongoing"].pk) not in after
    open_matches = client.get("/api/v1/matches/?status=proposed").json()
    assert open_matches["count"] == 0


def test_the_companion_who_was_to_go_along_is_told(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(citizen=world["citizen"], by=world["staff"])
    released = Message.objects.get(template="companion_released")
    assert released.volunteer == world["ongoing"].companion
    assert released.body and "Gudrun" not in released.body


@pytest.mark.django_db(transaction=True)
async def test_the_inbox_hears_of_the_withdrawal_live():
    people = await database_sync_to_async(build_world)()
    socket, connected, _code = await connect(people["coordinator"])
    assert connected
    assert (await socket.receive_json_from())["event"] == "hello"

    await database_sync_to_async(withdraw_consent)(citizen=people["citizen"], by=people["staff"])

    heard = [await socket.receive_json_from(timeout=2) for _ in range(2)]
    assert {event["event"] for event in heard} == {"match.changed"}
    assert {event["payload"]["match"] for event in heard} == {
        str(people["proposed"].pk),
        str(people["ongoing"].pk),
    }
    assert {event["payload"]["status"] for event in heard} == {"withdrawn"}
    await socket.disconnect()
