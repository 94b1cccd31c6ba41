"""The entry pages: a coordinator keeps their organisation's activities and places, a
municipality admin their municipality's; another organisation's entry is 404."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from meetingplaces.models import Activity, ActivityException, MeetingPlace
from tests.factories import (
    ActivityFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    OrganisationFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db


def _form(activity: Activity, **changes) -> dict:
    data = {
        "title": activity.title,
        "organisation": activity.organisation_id,
        "meeting_place": activity.meeting_place_id,
        "category": activity.category,
        "repeat": "weekly",
        "weekday": activity.weekday,
        "interval": "1",
        "start_time": "10:00",
        "end_time": "12:00",
        "audience": "all",
        "price": "0",
        "participants": "0",
        "capacity": "20",
        "is_active": "on",
    }
    return {**data, **changes}


def _list_queries(client, django_assert_num_queries, organisation, count):
    for _ in range(count):
        activity = ActivityFactory(organisation=organisation)
        ActivityException.objects.create(
            activity=activity, date=timezone.localdate() + timedelta(days=7), reason="Ferie"
        )
        MeetingPlaceFactory(host=organisation)
    # session, user, the second factor's device, coordinator?, admin? (the menu), activities,
    # places
    with django_assert_num_queries(7):
        return client.get("/aktiviteter/")


def test_the_list_shows_the_organisations_entries_in_a_fixed_number_of_queries(
    coordinator_client, organisation, django_assert_num_queries
):
    ActivityFactory(title="Fremmed aktivitet")
    _list_queries(coordinator_client, django_assert_num_queries, organisation, 1)
    page = _list_queries(coordinator_client, django_assert_num_queries, organisation, 5)
    text = page.content.decode()
    assert text.count("Stadig korrekt") == 6
    assert "1 aflysning" in text
    assert "Fremmed aktivitet" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/aktiviteter/{a}/rediger/",
        "/moedesteder/{p}/rediger/",
    ],
)
def test_another_organisations_entry_is_404(coordinator_client, path):
    other = OrganisationFactory(name="Røde Kors")
    theirs = ActivityFactory(organisation=other)
    place = MeetingPlaceFactory(host=other)
    assert coordinator_client.get(path.format(a=theirs.uuid, p=place.uuid)).status_code == 404


@pytest.mark.parametrize("action", ["udgiv", "bekraeft", "aflys"])
def test_posting_to_another_organisations_activity_is_404_and_changes_nothing(
    coordinator_client, action
):
    theirs = ActivityFactory(organisation=OrganisationFactory(name="Røde Kors"))
    before = Activity.objects.get(pk=theirs.pk)
    response = coordinator_client.post(
        f"/aktiviteter/{theirs.uuid}/{action}/", {"published": "0", "date": "2030-01-01"}
    )
    assert response.status_code == 404
    after = Activity.objects.get(pk=theirs.pk)
    assert (after.is_active, after.last_verified_on) == (before.is_active, before.last_verified_on)
    assert not ActivityException.objects.exists()


def test_staff_and_visitors_have_no_entry_pages(client, staff):
    assert client.get("/aktiviteter/").status_code == 302
    sign_in(client, staff)
    assert client.get("/aktiviteter/").status_code == 403


def test_a_coordinator_sets_the_first_tuesday_of_the_month(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation, title="Foredrag")
    response = coordinator_client.post(
        f"/aktiviteter/{activity.uuid}/rediger/",
        _form(activity, repeat="monthly", weekday="1", ordinal="1"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.recurrence == "RRULE:FREQ=MONTHLY;BYDAY=1TU"
    page = coordinator_client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    assert "Første tirsdag i måneden kl. 10.00–12.00" in page


def test_an_activity_on_single_dates(coordinator_client, organisation):
    place = MeetingPlaceFactory()
    activity = ActivityFactory.build(organisation=organisation, meeting_place=place)
    year = timezone.localdate().year + 1
    response = coordinator_client.post(
        "/aktiviteter/ny/",
        _form(activity, title="Julefrokost", repeat="dates", dates=f"3.12.{year}, {year}-12-17"),
    )
    assert response.status_code == 302, response.context["form"].errors
    made = Activity.objects.get(title="Julefrokost")
    assert made.schedule.dates == (date(year, 12, 3), date(year, 12, 17))
    assert made.weekday == date(year, 12, 3).weekday()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_time": "12:00", "end_time": "11:00"}, "Sluttiden skal være efter starttiden."),
        ({"capacity": "2", "participants": "5"}, "Der er flere faste deltagere (5) end pladser."),
        ({"repeat": "dates", "dates": "1.1.2020"}, "Gentagelsen giver ingen datoer"),
        ({"repeat": "dates", "dates": "32.13.2030"}, "er ikke en dato"),
        ({"description": "CPR 010150-1234"}, "ligner et CPR-nummer"),
        ({"repeat": "weekly", "interval": "2"}, "Skriv datoen for første gang"),
    ],
)
def test_bad_input_is_a_field_error_and_changes_nothing(
    coordinator_client, organisation, changes, message
):
    activity = ActivityFactory(organisation=organisation, title="Kortspil")
    response = coordinator_client.post(
        f"/aktiviteter/{activity.uuid}/rediger/", _form(activity, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.recurrence, stored.capacity, stored.description) == ("", 20, "")


def test_a_cancellation_with_a_reason_is_shown_on_the_public_page(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation)
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    response = coordinator_client.post(
        f"/aktiviteter/{activity.uuid}/aflys/",
        {"date": tuesday.isoformat(), "reason": "Generalforsamling"},
    )
    assert response.status_code == 302
    response = coordinator_client.post(
        f"/aktiviteter/{activity.uuid}/aflys/",
        {
            "date": (tuesday + timedelta(weeks=2)).isoformat(),
            "last_date": (tuesday + timedelta(weeks=8)).isoformat(),
            "reason": "Sommerferie",
        },
    )
    assert response.status_code == 302
    page = coordinator_client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    assert "er aflyst: Generalforsamling" in page
    assert "Holder pause" in page and "Sommerferie" in page
    removed = activity.exceptions.get(reason="Generalforsamling")
    coordinator_client.post(f"/aktiviteter/{activity.uuid}/aflysninger/{removed.pk}/fjern/")
    assert list(activity.exceptions.values_list("reason", flat=True)) == ["Sommerferie"]


def test_a_refused_cancellation_is_explained(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation)
    response = coordinator_client.post(
        f"/aktiviteter/{activity.uuid}/aflys/", {"date": "2020-01-07"}
    )
    assert response.status_code == 400
    assert "Vælg en dato fra i dag og frem." in response.content.decode()


def test_pause_and_publish_from_the_list(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation)
    coordinator_client.post(f"/aktiviteter/{activity.uuid}/udgiv/", {"published": "0"})
    assert coordinator_client.get(f"/aktivitet/{activity.uuid}/").status_code == 404
    coordinator_client.post(f"/aktiviteter/{activity.uuid}/udgiv/", {"published": "1"})
    assert coordinator_client.get(f"/aktivitet/{activity.uuid}/").status_code == 200


def test_still_correct_from_the_list(coordinator_client, organisation):
    activity = ActivityFactory(organisation=organisation, last_verified_on=date(2025, 1, 1))
    response = coordinator_client.post(f"/aktiviteter/{activity.uuid}/bekraeft/")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.last_verified_on == timezone.localdate()


def test_a_coordinator_makes_a_meeting_place_found_by_its_address(coordinator_client, organisation):
    response = coordinator_client.post(
        "/moedesteder/ny/",
        {
            "municipality": organisation.municipality_id,
            "host": organisation.pk,
            "name": "Medborgerhuset",
            "street": "Torvet 3",
            "postcode": "4800",
            "town": "Nykøbing F",
        },
    )
    assert response.status_code == 302
    place = MeetingPlace.objects.get(name="Medborgerhuset")
    assert round(place.latitude) == 55


def test_an_unknown_address_is_a_field_error(coordinator_client, organisation):
    response = coordinator_client.post(
        "/moedesteder/ny/",
        {
            "municipality": organisation.municipality_id,
            "name": "X",
            "street": "Y 1",
            "postcode": "0000",
            "town": "Ingenby",
        },
    )
    assert response.status_code == 400
    assert not MeetingPlace.objects.exists()


def test_the_admin_edits_their_municipalitys_entries_and_sees_the_freshness_list(
    client, municipality_admin, django_assert_num_queries
):
    sign_in(client, municipality_admin)
    today = timezone.localdate()
    old = ActivityFactory(title="Gammel", last_verified_on=today - timedelta(weeks=60))
    ActivityFactory(title="Glemt", last_verified_on=today - timedelta(weeks=33))
    ActivityFactory(title="Nybagt")
    elsewhere = ActivityFactory(
        title="Københavnsk",
        meeting_place=MeetingPlaceFactory(
            municipality=MunicipalityFactory(code="0101", name="København", slug="koebenhavn")
        ),
    )
    # session, user, the second factor's device, admin? (decorator), the activities,
    # admin? (the menu)
    with django_assert_num_queries(6):
        page = client.get("/kommune/friskhed/").content.decode()
    assert page.index("Gammel") < page.index("Glemt") < page.index("Nybagt")
    assert "skjult: ikke bekræftet" in page and "Københavnsk" not in page
    assert client.get(f"/aktiviteter/{old.uuid}/rediger/").status_code == 200
    assert client.get(f"/aktiviteter/{elsewhere.uuid}/rediger/").status_code == 404


def test_the_freshness_list_is_for_admins_only(coordinator_client):
    assert coordinator_client.get("/kommune/friskhed/").status_code == 403


def test_the_public_page_marks_an_unconfirmed_entry_and_then_hides_it(client):
    today = timezone.localdate()
    activity = ActivityFactory(last_verified_on=today - timedelta(weeks=31))
    page = client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    assert "Ikke bekræftet siden" in page
    Activity.objects.filter(pk=activity.pk).update(last_verified_on=today - timedelta(weeks=39))
    assert client.get(f"/aktivitet/{activity.uuid}/").status_code == 404
    assert activity.title not in client.get("/find/").content.decode()
