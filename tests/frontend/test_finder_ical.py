"""Calendars of an activity and of a meeting place, parsed back with icalendar."""

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar

from meetingplaces.models import ActivityException
from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_activity_calendar_is_a_weekly_rule_with_its_cancellations(client):
    activity = ActivityFactory(
        title="Kortspil, kaffe; og kage",
        weekday=1,  # Tuesday
        start_time=time(10),
        end_time=time(12),
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 6, 30),
    )
    ActivityException.objects.create(activity=activity, date=date(2026, 3, 31))
    ActivityException.objects.create(activity=activity, date=date(2026, 4, 7))

    calendar = parse(client.get(f"/aktivitet/{activity.uuid}.ics"))

    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Kortspil, kaffe; og kage"
    start = event.decoded("DTSTART")
    assert start.date() == date(2026, 1, 6)  # the first Tuesday from 5 January
    assert start.time() == time(10) and str(start.tzinfo) == "Europe/Copenhagen"
    assert event.decoded("DTEND").time() == time(12)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"]
    assert rule["UNTIL"][0].date() == date(2026, 6, 30)
    excluded = sorted(d.dt.date() for d in event["EXDATE"].dts)
    assert excluded == [date(2026, 3, 31), date(2026, 4, 7)]
    assert calendar.walk("VTIMEZONE"), "a TZID needs its VTIMEZONE (RFC 5545 3.2.19)"
    assert event["UID"] == f"activity-{activity.uuid}@samvaer"


def test_meeting_place_calendar_has_one_event_per_activity(client):
    place = MeetingPlaceFactory()
    titles = {"Strik", "Sang", "Billard"}
    for title in titles:
        ActivityFactory(meeting_place=place, title=title)
    ActivityFactory(meeting_place=place, title="Lukket", is_active=False)
    calendar = parse(client.get(f"/moedested/{place.uuid}.ics"))
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == titles


def test_open_ended_activity_has_no_until_and_starts_this_week(client):
    activity = ActivityFactory(weekday=4)
    (event,) = parse(client.get(f"/aktivitet/{activity.uuid}.ics")).walk("VEVENT")
    assert "UNTIL" not in event["RRULE"]
    start = event.decoded("DTSTART").date()
    assert start.weekday() == 4
    assert abs((start - date.today()).days) <= 7 + timedelta(days=0).days
