"""Activities as iCalendar (RFC 5545): one weekly VEVENT per activity, with its
cancelled dates as EXDATEs, so that a calendar shows every meeting and none that is off.

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

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
PRODID = "-//Samvær//Aktiviteter//DA"
# How often a subscribed calendar should fetch the feed again (Apple and Outlook read
# REFRESH-INTERVAL, older Outlook X-PUBLISHED-TTL; Google decides for itself).
REFRESH = timedelta(hours=6)


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def first_date(activity: Activity, *, today: date) -> date:
    """The first meeting the calendar starts from: its start date, or this week's."""
    start = activity.starts_on or today - timedelta(days=today.weekday())
    return start + timedelta(days=(activity.weekday - start.weekday()) % 7)


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
    event.add("summary", activity.title)
    if activity.description:
        event.add("description", activity.description)
    event.add("location", f"{place.name}, {place.address}")
    event.add("geo", vGeo((place.latitude, place.longitude)))
    event.add("url", url)
    event.add("dtstart", _at(start_day, activity.start_time))
    event.add("dtend", _at(start_day, activity.end_time))
    rule = {"freq": "weekly", "byday": WEEKDAY_CODES[activity.weekday]}
    if activity.ends_on:
        # UNTIL is in UTC when DTSTART has a time zone (RFC 5545 3.3.10).
        rule["until"] = _at(activity.ends_on, activity.start_time).astimezone(UTC)
    event.add("rrule", vRecur(rule))
    cancelled = [
        _at(exception.date, activity.start_time)
        for exception in activity.exceptions.all()
        if exception.date >= start_day and exception.date.weekday() == activity.weekday
    ]
    if cancelled:
        event.add("exdate", cancelled)
    return event


def calendar(name: str, events: list[Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
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
