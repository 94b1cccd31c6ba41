"""Calendars of activities beyond weekly: every N weeks, the n-th weekday of the month,
single dates, breaks; parsed back with icalendar and counted with dateutil."""

from datetime import date, time

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from meetingplaces.models import ActivityException
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def event_of(client, activity):
    response = client.get(f"/aktivitet/{activity.uuid}.ics")
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return response.content, event


def meetings(event, *, until: date) -> list[date]:
    """Every meeting the calendar holds, as a calendar app counts them."""
    start = event.decoded("DTSTART")
    found = set()
    if "RRULE" in event:
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        found |= {
            d.date() for d in rule.between(start, start.replace(year=until.year + 1), inc=True)
        }
    else:
        found.add(start.date())
    for rdate in (
        event.get("RDATE", [])
        if isinstance(event.get("RDATE"), list)
        else [event.get("RDATE")]
        if event.get("RDATE")
        else []
    ):
        found |= {d.dt.date() for d in rdate.dts}
    exdates = event.get("EXDATE", [])
    for exdate in exdates if isinstance(exdates, list) else [exdates]:
        found -= {d.dt.date() for d in exdate.dts}
    return sorted(d for d in found if d <= until)


def test_every_other_wednesday_with_a_summer_break(client):
    activity = ActivityFactory(
        recurrence="RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        weekday=2,
        starts_on=date(2027, 6, 2),
        start_time=time(14),
        end_time=time(16),
    )
    ActivityException.objects.create(
        activity=activity, date=date(2027, 7, 1), last_date=date(2027, 8, 15), reason="Sommerferie"
    )
    _raw, event = event_of(client, activity)
    assert event["RRULE"]["INTERVAL"] == [2]
    assert meetings(event, until=date(2027, 9, 1)) == [
        date(2027, 6, 2),
        date(2027, 6, 16),
        date(2027, 6, 30),
        date(2027, 8, 25),
    ]


def test_the_first_tuesday_of_the_month(client):
    activity = ActivityFactory(
        recurrence="RRULE:FREQ=MONTHLY;BYDAY=1TU", weekday=1, starts_on=date(2027, 1, 1)
    )
    ActivityException.objects.create(activity=activity, date=date(2027, 2, 2), reason="Sygdom")
    _raw, event = event_of(client, activity)
    assert meetings(event, until=date(2027, 4, 30)) == [
        date(2027, 1, 5),
        date(2027, 3, 2),
        date(2027, 4, 6),
    ]


def test_single_dates_are_the_first_and_rdates(client):
    activity = ActivityFactory(recurrence="RDATE;VALUE=DATE:20271203,20271210,20271217", weekday=4)
    ActivityException.objects.create(activity=activity, date=date(2027, 12, 10))
    _raw, event = event_of(client, activity)
    assert "RRULE" not in event
    assert meetings(event, until=date(2028, 1, 1)) == [date(2027, 12, 3), date(2027, 12, 17)]


def test_a_carriage_return_in_a_title_cannot_add_a_property(client):
    activity = ActivityFactory(
        title="Kaffe\rDTSTART:19700101T000000Z\rATTACH:http://evil.example",
        description="Linje et\rLinje to\r\nLinje tre",
    )
    raw, event = event_of(client, activity)
    lines = raw.split(b"\r\n")
    lines = lines[lines.index(b"BEGIN:VEVENT") : lines.index(b"END:VEVENT")]
    assert not any(line.startswith(b"ATTACH") for line in lines)
    assert sum(line.startswith(b"DTSTART") for line in lines) == 1
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert str(event["DESCRIPTION"]) == "Linje et\nLinje to\nLinje tre"
    # Every line is a property, a continuation or a component boundary.
    assert all(b":" in line or line.startswith(b" ") or not line for line in lines)
