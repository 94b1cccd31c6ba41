"""Home-care pages: flag a citizen, see suggestions, tell them, follow up; team-scoped."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import AuditEvent, Citizen, Match, MatchStatusChange, Screening
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    ScreeningFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db

FORM = {
    "care_reference": "HP-2291",
    "first_name": "Inger",
    "address": "Torvet 1, 4990 Sakskøbing",
    "lacks_companionship": "3",
    "feels_left_out": "2",
    "feels_isolated": "3",
    "interests": ["cards", "coffee"],
    "mobility": "walker",
    "max_distance_km": "3",
    "weekdays": ["1"],
    "parts_of_day": ["0"],
    "language": "da",
    "notes": "Kan lide at spille whist.",
    "consent_given": "on",
    "consent_method": "verbal",
}


@pytest.fixture
def whist():
    """A Tuesday-morning card game in Sakskøbing, step-free."""
    return ActivityFactory(title="Whist i Medborgerhuset", interests=0b11)


def test_flagging_saves_the_citizen_and_shows_suggestions_at_once(staff_client, staff, whist):
    response = staff_client.post(reverse("frontend:homecare-flag"), FORM, follow=True)
    citizen = Citizen.objects.get(care_reference="HP-2291")
    assert response.redirect_chain[-1][0] == reverse("frontend:homecare-citizen", args=[citizen.pk])
    assert citizen.status == Citizen.Status.WAITING and citizen.waiting_since is not None
    assert citizen.consent_recorded_by == staff and citizen.consent_method == "verbal"
    assert (citizen.postcode, citizen.latitude, citizen.longitude) == ("4990", 54.797, 11.645)
    baseline = citizen.screenings.get()
    assert (baseline.kind, baseline.total, baseline.recorded_by) == ("baseline", 8, staff)
    html = response.content.decode()
    assert "Whist i Medborgerhuset" in html
    for reason in [
        "væk",
        "Interesser: kaffe, kortspil",
        "Tirsdag formiddag passer",
        "Trinfri adgang",
    ]:
        assert reason in html
    assert set(AuditEvent.objects.filter(citizen_id=citizen.pk).values_list("action", "view")) == {
        ("create", "frontend:homecare-flag"),
        ("read", "frontend:homecare-citizen"),
    }


def test_without_consent_nothing_is_saved(staff_client):
    data = {k: v for k, v in FORM.items() if k != "consent_given"}
    response = staff_client.post(reverse("frontend:homecare-flag"), data)
    assert response.status_code == 200
    assert "Uden samtykke gemmes intet" in response.content.decode()
    assert not Citizen.objects.exists() and not Screening.objects.exists()


@pytest.mark.parametrize("field", ["care_reference", "first_name", "address", "notes"])
@pytest.mark.parametrize("cpr", ["010150-1234", "0101501234", "010150 1234"])
def test_cpr_shaped_numbers_are_refused_and_nothing_is_saved(staff_client, field, cpr):
    data = {**FORM, field: f"Borger {cpr}" if field != "address" else f"{cpr} 4990"}
    response = staff_client.post(reverse("frontend:homecare-flag"), data)
    assert response.status_code == 200
    assert "ligner et CPR-nummer" in response.content.decode()
    assert not Citizen.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_unknown_address_is_explained(staff_client):
    response = staff_client.post(reverse("frontend:homecare-flag"), {**FORM, "address": "Atlantis"})
    assert "Vi kunne ikke finde “Atlantis”" in response.content.decode()
    assert not Citizen.objects.exists()


def test_the_same_care_reference_twice_is_refused(staff_client, staff):
    CitizenFactory(team=staff.memberships.get().team, care_reference="HP-2291")
    response = staff_client.post(reverse("frontend:homecare-flag"), FORM)
    assert "allerede registreret" in response.content.decode()
    assert Citizen.objects.count() == 1


def test_telling_the_citizen_proposes_a_match_and_starts_waiting(staff_client, staff, team, whist):
    citizen = CitizenFactory(team=team, interests=0b10)
    response = staff_client.post(
        reverse("frontend:homecare-tell", args=[citizen.pk]), {"activity": whist.pk}, follow=True
    )
    match = Match.objects.get()
    assert (match.citizen, match.activity, match.organisation) == (
        citizen,
        whist,
        whist.organisation,
    )
    assert match.status == "proposed" and match.score > 0
    assert {r["kind"] for r in match.reasons} >= {"distance", "interests", "schedule"}
    change = MatchStatusChange.objects.get(match=match)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "proposed", staff)
    citizen.refresh_from_db()
    assert citizen.status == Citizen.Status.PROPOSED
    assert "Noteret" in response.content.decode()
    # Told once: the same activity is not suggested again.
    assert f'data-activity="{whist.pk}"' not in response.content.decode()


def test_telling_about_an_activity_that_no_longer_fits_changes_nothing(staff_client, team, whist):
    citizen = CitizenFactory(team=team)
    whist.participants = whist.capacity
    whist.save()
    response = staff_client.post(
        reverse("frontend:homecare-tell", args=[citizen.pk]), {"activity": whist.pk}, follow=True
    )
    assert "passer ikke længere" in response.content.decode()
    assert not Match.objects.exists()
    citizen.refresh_from_db()
    assert citizen.status == Citizen.Status.WAITING


def test_my_citizens_lists_the_team_newest_first_in_few_queries(
    staff_client, team, django_assert_max_num_queries
):
    touched = CitizenFactory(team=team, first_name="Aase")
    untouched = CitizenFactory(team=team, first_name="Bent")
    CitizenFactory(first_name="Fremmed")  # another team
    for _ in range(10):
        CitizenFactory(team=team)
    Citizen.objects.filter(pk=touched.pk).update(updated_at=timezone.now())
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("frontend:homecare-citizens"))
    html = response.content.decode()
    assert html.index("Aase") < html.index("Bent")
    assert "Fremmed" not in html
    assert untouched.get_status_display() in html
    assert AuditEvent.objects.filter(view="frontend:homecare-citizens").count() == 12


def test_rescreening_shows_the_change_in_score(staff_client, team):
    citizen = CitizenFactory(team=team)
    ScreeningFactory(citizen=citizen)  # 3 + 2 + 3 = 8
    response = staff_client.post(
        reverse("frontend:homecare-rescreen", args=[citizen.pk]),
        {
            "kind": "week_8",
            "taken_on": timezone.localdate().isoformat(),
            "lacks_companionship": "2",
            "feels_left_out": "1",
            "feels_isolated": "2",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Screeningen er gemt: 5 point (Til tider ensom)" in html
    assert "-3 (bedre)" in html
    assert citizen.screenings.get(kind="week_8").total == 5


def test_a_follow_up_is_recorded_once(staff_client, team):
    citizen = CitizenFactory(team=team)
    ScreeningFactory(citizen=citizen, kind="week_8")
    data = {
        "kind": "week_8",
        "taken_on": timezone.localdate().isoformat(),
        "lacks_companionship": "1",
        "feels_left_out": "1",
        "feels_isolated": "1",
    }
    response = staff_client.post(reverse("frontend:homecare-rescreen", args=[citizen.pk]), data)
    assert "allerede registreret" in response.content.decode()
    assert citizen.screenings.count() == 1


def citizen_urls(citizen):
    return [
        ("get", reverse("frontend:homecare-citizen", args=[citizen.pk])),
        ("get", reverse("frontend:homecare-rescreen", args=[citizen.pk])),
        ("post", reverse("frontend:homecare-rescreen", args=[citizen.pk])),
        ("post", reverse("frontend:homecare-tell", args=[citizen.pk])),
    ]


def test_another_teams_citizens_answer_404_on_every_page(staff_client, whist):
    stranger = CitizenFactory()
    for method, url in citizen_urls(stranger):
        response = getattr(staff_client, method)(url, {"activity": whist.pk})
        assert response.status_code == 404, url
    assert not Match.objects.exists()
    assert not AuditEvent.objects.exists()


def test_anonymous_users_are_sent_to_the_login(client):
    citizen = CitizenFactory()
    urls = [
        ("get", reverse("frontend:homecare-citizens")),
        ("get", reverse("frontend:homecare-flag")),
    ]
    for method, url in [*urls, *citizen_urls(citizen)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert not AuditEvent.objects.exists()


def test_coordinators_cannot_reach_home_care_pages(client, whist):
    sign_in(client, CoordinatorFactory(organisation=whist.organisation))
    citizen = CitizenFactory()
    urls = [
        ("get", reverse("frontend:homecare-citizens")),
        ("post", reverse("frontend:homecare-flag")),
    ]
    for method, url in [*urls, *citizen_urls(citizen)]:
        assert getattr(client, method)(url, FORM).status_code == 403, url
    assert Citizen.objects.count() == 1 and not Match.objects.exists()


def test_the_citizen_page_reads_history_in_few_queries(
    staff_client, team, django_assert_max_num_queries
):
    citizen = CitizenFactory(team=team)
    ScreeningFactory(citizen=citizen)
    ScreeningFactory(citizen=citizen, kind="week_8", lacks_companionship=1)
    for _ in range(6):
        match = MatchFactory(citizen=citizen, status="declined", decline_reason="Nej tak")
        MatchStatusChange.objects.create(match=match, to_status="proposed")
        MatchStatusChange.objects.create(match=match, from_status="proposed", to_status="declined")
    for _ in range(8):
        ActivityFactory()
    # +1: the menu asks whether the user is a municipality admin (the API keys link)
    # +1: the second factor's device that confirmed the session
    with django_assert_max_num_queries(18):
        response = staff_client.get(reverse("frontend:homecare-citizen", args=[citizen.pk]))
    html = response.content.decode()
    assert html.count('class="suggestion"') == 5
    assert html.count("Afvist") >= 6
    assert "-2 (bedre)" in html


def test_the_citizen_page_says_why_the_citizen_still_waits(staff_client, team):
    citizen = CitizenFactory(
        team=team,
        waiting_reason="no_seat",
        waiting_detail={"activity": 1, "title": "Kortklubben", "place": "Sundby Forsamlingshus"},
    )
    response = staff_client.get(reverse("frontend:homecare-citizen", args=[citizen.pk]))
    assert "Ingen ledig plads på Kortklubben (Sundby Forsamlingshus)." in response.content.decode()
