"""One rule for who may go along with a citizen: suggestions, the batch run, the
coordinator's page and API list, and the accept service all agree, and the API and the
page refuse a companion the list would never offer."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from matching import batch
from matching.lifecycle import accept_match
from matching.models import Citizen, Match
from matching.selectors import companions_for, suggest_activities
from meetingplaces.vocabulary import PartOfDay, slot_bit
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    MeetingPlaceFactory,
    OrganisationFactory,
    VolunteerFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db

TUESDAY = 1
TUESDAY_MORNING = slot_bit(TUESDAY, PartOfDay.MORNING)
HOME = (54.797, 11.645)  # the citizen's, as CitizenFactory places it
NORTH_800_M = (54.8042, 11.645)
NORTH_300_M = (54.7997, 11.645)
NORTH_30_KM = (55.067, 11.645)


@pytest.fixture
def world():
    """Hanne fits; each of the others breaks one part of the rule, most of them nearer."""
    club = OrganisationFactory(name="Ældre Sagen Sakskøbing")
    activity = ActivityFactory(
        organisation=club,
        meeting_place=MeetingPlaceFactory(latitude=54.80, longitude=11.65),
        weekday=TUESDAY,
        start_time=time(10),
        end_time=time(12),
    )

    def volunteer(name, at, **fields):
        fields.setdefault("availability", TUESDAY_MORNING)
        fields.setdefault("organisation", club)
        return VolunteerFactory(first_name=name, latitude=at[0], longitude=at[1], **fields)

    people = {
        "hanne": volunteer("Hanne", NORTH_800_M),
        "far": volunteer("Fjern", NORTH_30_KM),
        "busy": volunteer("Optaget", NORTH_300_M, availability=slot_bit(2, PartOfDay.MORNING)),
        "full": volunteer("Fuld", NORTH_300_M, max_citizens=1),
        "unapproved": volunteer("Ny", NORTH_300_M, is_approved=False),
        "stranger": volunteer("Anden", NORTH_300_M, organisation=OrganisationFactory()),
    }
    MatchFactory(companion=people["full"], status=Match.Status.ACCEPTED)
    citizen = CitizenFactory(companion_needed=True)
    return activity, citizen, people


def test_suggestions_count_only_the_companion_who_fits(world):
    activity, citizen, _people = world
    found = {s.activity_id: s for s in suggest_activities(citizen)}[activity.pk]
    assert [r.text for r in found.reasons if r.kind == "companion"] == ["En følgeven bor 800 m væk"]


def test_the_batch_run_sends_the_companion_who_fits(world):
    activity, citizen, people = world
    batch.run_night()
    match = Match.objects.get(citizen=citizen)
    assert (match.activity, match.companion) == (activity, people["hanne"])


def test_the_coordinator_is_offered_the_companion_who_fits(world):
    activity, citizen, people = world
    match = MatchFactory(citizen=citizen, activity=activity)
    assert [option.volunteer for option in companions_for(match=match)] == [people["hanne"]]


@pytest.mark.parametrize(
    "who, says",
    [
        ("far", "bor for langt fra borgeren"),
        ("busy", "ikke ledig på aktivitetens tidspunkter"),
        ("full", "ikke plads til flere borgere"),
        ("unapproved", "ikke godkendt som følgeven"),
        ("stranger", "findes ikke i organisationen"),
    ],
)
def test_the_service_refuses_a_companion_who_breaks_the_rule(world, who, says):
    activity, citizen, people = world
    match = MatchFactory(citizen=citizen, activity=activity)
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    with pytest.raises(ValidationError, match=says) as refused:
        accept_match(match_id=match.pk, by=coordinator, companion_id=people[who].pk)
    assert list(refused.value.message_dict) == ["companion"]
    match.refresh_from_db()
    assert (match.status, match.companion) == (Match.Status.PROPOSED, None)


@pytest.mark.parametrize("who", ["far", "busy"])
def test_the_api_refuses_a_companion_the_page_would_not_offer(world, who):
    activity, citizen, people = world
    match = MatchFactory(citizen=citizen, activity=activity)
    api = APIClient()
    api.force_authenticate(CoordinatorFactory(organisation=activity.organisation))
    listed = api.get(f"/api/v1/matches/{match.pk}/companions/")
    assert [option["id"] for option in listed.json()] == [people["hanne"].pk]

    response = api.post(
        f"/api/v1/matches/{match.pk}/accept/", {"companion": people[who].pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["companion"]
    match.refresh_from_db()
    assert (match.status, match.companion) == (Match.Status.PROPOSED, None)


@pytest.mark.parametrize("who", ["far", "busy"])
def test_the_page_refuses_a_companion_it_would_not_offer(world, client, who):
    activity, citizen, people = world
    match = MatchFactory(citizen=citizen, activity=activity)
    sign_in(client, CoordinatorFactory(organisation=activity.organisation))
    page = client.get(f"/indbakke/match/{match.pk}/")
    assert [option.volunteer for option in page.context["companions"]] == [people["hanne"]]

    response = client.post(
        f"/indbakke/match/{match.pk}/accepter/", {"companion": people[who].pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"{people[who]} "
        + {
            "far": "bor for langt fra borgeren til at gå med.",
            "busy": "er ikke ledig på aktivitetens tidspunkter.",
        }[who]
    ]
    match.refresh_from_db()
    assert (match.status, match.companion) == (Match.Status.PROPOSED, None)
    assert match.citizen.status == Citizen.Status.WAITING


def test_accepting_with_the_companion_who_fits(world):
    activity, citizen, people = world
    match = MatchFactory(citizen=citizen, activity=activity)
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    accept_match(match_id=match.pk, by=coordinator, companion_id=people["hanne"].pk)
    match.refresh_from_db()
    assert (match.status, match.companion) == (Match.Status.ACCEPTED, people["hanne"])
