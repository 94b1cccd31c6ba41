"""Calendar subscriptions per meeting place, organisation and municipality: they parse
with icalendar, give the expected meetings across summer time, leave out cancellations,
and may be cached."""

from datetime import UTC, date, datetime, time

import pytest
from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from meetingplaces.models import ActivityException
from tests.factories import (
    ActivityFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(b"".join([response.content]))


def occurrences(event) -> list[datetime]:
    """Every meeting of a VEVENT, as a calendar app expands it (RRULE minus EXDATE)."""
    start = event.decoded("DTSTART")
    meetings = rruleset()
    meetings.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
    exdates = event.get("EXDATE", [])
    for exdate in exdates if isinstance(exdates, list) else [exdates]:
        for day in exdate.dts:
            meetings.exdate(day.dt)
    return list(meetings)


@pytest.fixture
def tuesday_mornings():
    """Tuesdays 10-12 from March to November 2027; summer time starts 28 March and ends
    31 October; the Tuesday just after the change in March is cancelled."""
    activity = ActivityFactory(
        weekday=1,
        start_time=time(10),
        end_time=time(12),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 11, 30),
    )
    ActivityException.objects.create(activity=activity, date=date(2027, 3, 30))
    return activity


@pytest.mark.parametrize("feed", ["meeting_place", "organisation", "municipality"])
def test_a_weekly_meeting_stays_at_ten_local_time_across_summer_time(
    client, tuesday_mornings, feed
):
    url = {
        "meeting_place": f"/moedested/{tuesday_mornings.meeting_place.uuid}.ics",
        "organisation": f"/organisation/{tuesday_mornings.organisation.uuid}.ics",
        "municipality": f"/kommune/{tuesday_mornings.municipality.slug}.ics",
    }[feed]
    (event,) = parse(client.get(url)).walk("VEVENT")

    meetings = {m.date(): m for m in occurrences(event)}

    assert date(2027, 3, 30) not in meetings  # cancelled
    assert len(meetings) == 40 - 1  # every Tuesday from 2 March to 30 November
    for day in (date(2027, 3, 23), date(2027, 4, 6), date(2027, 10, 26), date(2027, 11, 2)):
        assert meetings[day].time() == time(10)  # local wall clock, every week
    utc_hours = {day: meetings[day].astimezone(UTC).hour for day in meetings}
    assert utc_hours[date(2027, 3, 23)] == 9  # winter time, UTC+1
    assert utc_hours[date(2027, 4, 6)] == 8  # summer time, UTC+2
    assert utc_hours[date(2027, 10, 26)] == 8
    assert utc_hours[date(2027, 11, 2)] == 9


def test_a_feed_names_its_time_zone_and_product_and_keeps_its_uids(client, tuesday_mornings):
    url = f"/kommune/{tuesday_mornings.municipality.slug}.ics"
    first, again = client.get(url), client.get(url)
    calendar = parse(first)

    assert calendar["PRODID"] and calendar["VERSION"] == "2.0"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Copenhagen"
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"activity-{tuesday_mornings.uuid}@samvaer"
    assert event.get("DTSTAMP")
    assert first.content == again.content


def test_the_municipality_feed_holds_its_published_activities_only(client):
    home = MunicipalityFactory()
    other = MunicipalityFactory(code="0360", name="Lolland Kommune", slug="lolland")
    shown = [ActivityFactory(title="Sang"), ActivityFactory(title="Billard")]
    ActivityFactory(title="Lukket", is_active=False)
    ActivityFactory(
        title="Andetsteds",
        meeting_place=MeetingPlaceFactory(municipality=other),
    )

    calendar = parse(client.get(f"/kommune/{home.slug}.ics"))

    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {a.title for a in shown}


def test_the_organisation_feed_holds_every_place_it_runs_activities_at(client):
    organisation = OrganisationFactory()
    ActivityFactory(organisation=organisation, title="Strik")
    ActivityFactory(organisation=organisation, title="Gåtur")
    ActivityFactory(title="Ikke vores")

    calendar = parse(client.get(f"/organisation/{organisation.uuid}.ics"))

    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Strik", "Gåtur"}


def test_an_unknown_feed_is_404(client):
    assert client.get("/kommune/findes-ikke.ics").status_code == 404
    assert client.get(f"/organisation/{OrganisationFactory().uuid}.ics").status_code == 404


def test_feeds_may_be_cached_and_answer_304_when_unchanged(client, tuesday_mornings):
    url = f"/kommune/{tuesday_mornings.municipality.slug}.ics"
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_municipality_feed_takes_the_same_queries_for_one_or_many(
    client, django_assert_num_queries
):
    ActivityFactory()
    # the municipality; its activities with place and organisation; their cancellations
    with django_assert_num_queries(3):
        client.get("/kommune/guldborgsund.ics")
    ActivityFactory.create_batch(20)
    with django_assert_num_queries(3):
        client.get("/kommune/guldborgsund.ics")


def test_meeting_place_page_and_finder_offer_subscriptions(client, tuesday_mornings):
    place = tuesday_mornings.meeting_place
    page = client.get(f"/moedested/{place.uuid}/").content.decode()
    assert f"webcal://testserver/moedested/{place.uuid}.ics" in page
    assert f"webcal://testserver/kommune/{place.municipality.slug}.ics" in page

    finder = client.get("/find/").content.decode()
    assert f"webcal://testserver/kommune/{place.municipality.slug}.ics" in finder
