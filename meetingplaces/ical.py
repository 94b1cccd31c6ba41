"""Activities as iCalendar (RFC 5545): one recurring VEVENT per activity (its RRULE, or its
single dates as RDATEs), with its cancelled dates and breaks as EXDATEs, so that a calendar
shows every meeting and none that is off.

One calendar holds one activity, or every published activity of a meeting place, an
organisation or a municipality (the subscription feeds). Times are local Danish time
with the zone's VTIMEZONE, so a 10:00 meeting stays at 10:00 across summer time in
Google, Apple and Outlook calendars alike.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vDuration, vGeo, vRecur

from .models import Activity
from .schedules import HORIZON_DAYS, WEEKDAY_CODES, Kind

PRODID = "-//Samvær//Aktiviteter//DA"
# How often a subscribed calendar should fetch the feed again (Apple and Outlook read
# REFRESH-INTERVAL, older Outlook X-PUBLISHED-TTL; Google decides for itself).
REFRESH = timedelta(hours=6)


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def first_date(activity: Activity, *, today: date) -> date:
    """The first meeting the calendar starts from: its start date, or this week's (for a
    rule without one); its first date for single dates."""
    schedule = activity.schedule
    if schedule.kind == Kind.DATES:
        return schedule.dates[0]
    start = activity.starts_on or today - timedelta(days=today.weekday())
    found = schedule.dates_between(
        anchor=start, start=start, end=start + timedelta(days=HORIZON_DAYS)
    )
    return next(found, start)


def _line(text: str) -> str:
    """One line of text: a carriage return or line feed in a title must not start a
    property of its own in the file."""
    return " ".join(text.split())


def _paragraphs(text: str) -> str:
    """Text whose line breaks, also a bare carriage return, are escaped as \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=_zone())


def _changed(activity: Activity) -> datetime:
    """When the event last changed: the activity, or the place it is at."""
    return max(activity.updated_at, activity.meeting_place.updated_at).astimezone(UTC)


def activity_event(activity: Activity, *, url: str, today: date) -> Event:
    start_day = first_date(activity, today=today)
    place = activity.meeting_place
    event = Event()
    event.add("uid", f"activity-{activity.uuid}@samvaer")
    # The time of the last change, not of the download: the file, and so its ETag, stay
    # the same until something changes (a conditional GET then gets 304).
    event.add("dtstamp", _changed(activity))
    event.add("last-modified", _changed(activity))
    event.add("summary", _line(activity.title))
    if activity.description:
        event.add("description", _paragraphs(activity.description))
    event.add("location", _line(f"{place.name}, {place.address}"))
    event.add("geo", vGeo((place.latitude, place.longitude)))
    event.add("url", url)
    event.add("dtstart", _at(start_day, activity.start_time))
    event.add("dtend", _at(start_day, activity.end_time))
    schedule = activity.schedule
    if schedule.kind == Kind.DATES:
        meets = [day for day in schedule.dates if day > start_day]
        if meets:
            event.add("rdate", [_at(day, activity.start_time) for day in meets])
    else:
        rule = {"freq": "weekly", "byday": WEEKDAY_CODES[activity.weekday]}
        if schedule.kind == Kind.MONTHLY:
            rule = {
                "freq": "monthly",
                "byday": f"{schedule.ordinal}{WEEKDAY_CODES[schedule.weekday]}",
            }
        elif schedule.interval > 1:
            rule["interval"] = schedule.interval
        if activity.ends_on:
            # UNTIL is in UTC when DTSTART has a time zone (RFC 5545 3.3.10).
            rule["until"] = _at(activity.ends_on, activity.start_time).astimezone(UTC)
        event.add("rrule", vRecur(rule))
    # Only dates the schedule holds: an EXDATE elsewhere would mean nothing.
    cancelled = sorted(
        _at(day, activity.start_time)
        for exception in activity.exceptions.all()
        for day in schedule.dates_between(
            anchor=start_day,
            start=max(exception.date, start_day),
            end=exception.last_date or exception.date,
        )
    )
    if cancelled:
        event.add("exdate", cancelled)
    return event


def calendar(name: str, events: list[Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _line(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def activities_calendar(
    name: str, activities: Iterable[Activity], *, url_for: Callable[[Activity], str], today: date
) -> bytes:
    """A calendar of activities (with their place and prefetched exceptions); `url_for`
    gives each activity's page."""
    return calendar(name, [activity_event(a, url=url_for(a), today=today) for a in activities])
