"""The coordinator's inbox pages: scoped, minimal citizen data, audited, few queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import AuditEvent, Match, Screening, SelfReferral
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    ScreeningFactory,
    StaffFactory,
    VolunteerFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(organisation):
    return MatchFactory(
        activity=ActivityFactory(organisation=organisation, title="Kortklubben"),
        citizen=CitizenFactory(first_name="Inger", phone="12345678", interests=0b11),
        reasons=[{"kind": "distance", "value": 0.8, "text": "800 m væk"}],
    )


def test_anonymous_is_sent_to_log_in_and_staff_is_refused(client):
    assert client.get("/indbakke/").status_code == 302
    sign_in(client, StaffFactory())
    assert client.get("/indbakke/").status_code == 403


def test_inbox_shows_proposals_with_reasons_but_no_phone(coordinator_client, proposal, coordinator):
    page = coordinator_client.get("/indbakke/").content.decode()
    assert "Inger → Kortklubben" in page
    assert "800 m væk" in page
    assert "kaffe, kortspil" in page
    assert "12345678" not in page
    assert AuditEvent.objects.filter(
        user=coordinator, citizen_id=proposal.citizen_id, view="frontend:inbox"
    ).exists()


def test_another_organisations_match_is_not_shown_and_answers_404(coordinator_client, proposal):
    other = MatchFactory(citizen=CitizenFactory(first_name="Fremmed"))
    assert "Fremmed" not in coordinator_client.get("/indbakke/").content.decode()
    assert coordinator_client.get(f"/indbakke/match/{other.pk}/").status_code == 404
    assert coordinator_client.post(f"/indbakke/match/{other.pk}/accepter/").status_code == 404
    other.refresh_from_db()
    assert other.status == Match.Status.PROPOSED


def test_inbox_lists_take_few_queries(
    coordinator_client, organisation, django_assert_max_num_queries
):
    for _ in range(5):
        MatchFactory(activity=ActivityFactory(organisation=organisation))
        MatchFactory(
            activity=ActivityFactory(organisation=organisation), status=Match.Status.ACCEPTED
        )
    with django_assert_max_num_queries(10):
        response = coordinator_client.get("/indbakke/lister/")
    assert response.content.decode().count('id="match-') == 10


def test_accept_with_companion_then_phone_is_shown(coordinator_client, proposal, organisation):
    hanne = VolunteerFactory(organisation=organisation, first_name="Hanne", availability=2**21 - 1)
    page = coordinator_client.get(f"/indbakke/match/{proposal.pk}/").content.decode()
    assert "Hanne, 0,5 km væk (1 ledig plads)" in page
    response = coordinator_client.post(
        f"/indbakke/match/{proposal.pk}/accepter/", {"companion": hanne.pk}, follow=True
    )
    page = response.content.decode()
    assert "Forslaget er accepteret" in page
    assert "12345678" in page
    proposal.refresh_from_db()
    assert (proposal.status, proposal.companion) == (Match.Status.ACCEPTED, hanne)


def test_accept_of_a_full_activity_says_so(coordinator_client, proposal):
    proposal.activity.capacity = 0
    proposal.activity.save()
    page = coordinator_client.post(f"/indbakke/match/{proposal.pk}/accepter/", follow=True)
    assert "ikke flere ledige pladser" in page.content.decode()


def test_decline_needs_a_reason(coordinator_client, proposal):
    page = coordinator_client.post(
        f"/indbakke/match/{proposal.pk}/afvis/", {"reason": ""}, follow=True
    )
    assert "Skriv en årsag" in page.content.decode()
    coordinator_client.post(f"/indbakke/match/{proposal.pk}/afvis/", {"reason": "Flytter"})
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.DECLINED


def test_steps_with_dates(coordinator_client, proposal, coordinator):
    coordinator_client.post(f"/indbakke/match/{proposal.pk}/accepter/")
    today = timezone.localdate().isoformat()
    for step in ("contacted", "first_visit", "participating"):
        coordinator_client.post(f"/indbakke/match/{proposal.pk}/trin/", {"step": step, "on": today})
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PARTICIPATING
    page = coordinator_client.get(f"/indbakke/match/{proposal.pk}/").content.decode()
    assert "Deltager" in page


def test_hand_over_to_a_colleague(coordinator_client, proposal, organisation):
    bo = CoordinatorFactory(organisation=organisation, first_name="Bo")
    coordinator_client.post(f"/indbakke/match/{proposal.pk}/giv-videre/", {"coordinator": bo.pk})
    proposal.refresh_from_db()
    assert proposal.coordinator == bo


def test_self_referrals_land_in_the_activitys_organisation(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation, title="Sangkoret")
    referral = SelfReferral.objects.create(
        municipality=organisation.municipality,
        activity=activity,
        first_name="Bodil",
        phone="22334455",
        postcode="4800",
        consent_text="Ja",
        consent_given_at=timezone.now(),
    )
    page = coordinator_client.get("/indbakke/").content.decode()
    assert "Bodil → Sangkoret" in page
    coordinator_client.post(f"/indbakke/henvendelse/{referral.pk}/behandlet/")
    assert "Bodil" not in coordinator_client.get("/indbakke/").content.decode()


def test_follow_up_list_shows_citizens_due_for_re_screening(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation)
    nine_weeks = timezone.localdate() - timedelta(weeks=9)
    fourteen_weeks = timezone.localdate() - timedelta(weeks=14)
    due_8 = MatchFactory(
        activity=activity,
        status=Match.Status.PARTICIPATING,
        citizen=CitizenFactory(first_name="Otto"),
    )
    ScreeningFactory(citizen=due_8.citizen, taken_on=nine_weeks)
    due_12 = MatchFactory(
        activity=activity,
        status=Match.Status.PARTICIPATING,
        citizen=CitizenFactory(first_name="Tove"),
    )
    ScreeningFactory(citizen=due_12.citizen, taken_on=fourteen_weeks)
    ScreeningFactory(citizen=due_12.citizen, kind=Screening.Kind.WEEK_8, taken_on=nine_weeks)
    not_yet = MatchFactory(
        activity=activity, status=Match.Status.ACCEPTED, citizen=CitizenFactory(first_name="Ulla")
    )
    ScreeningFactory(citizen=not_yet.citizen)
    page = coordinator_client.get("/indbakke/opfoelgning/").content.decode()
    assert "Otto" in page and "Tove" in page
    assert "Ulla" not in page
    assert page.index("Tove") < page.index("Otto")  # the longest overdue first
    assert "12 uger" in page and "8 uger" in page


def test_inbox_in_english(coordinator_client, proposal):
    page = coordinator_client.get("/indbakke/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New proposals" in page
    assert "Why this proposal" in page
