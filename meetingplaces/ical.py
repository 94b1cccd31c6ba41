"""Activities as iCalendar (RFC 5545): one weekly VEVENT per activity, with its
cancelled dates as EXDATEs, so that a calendar shows every meeting and none that is off."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vGeo, vRecur

from .models import Activity, MeetingPlace

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def first_date(activity: Activity, *, today: date) -> date:
    """The first meeting the calendar starts from: its start date, or this week's."""
    start = activity.starts_on or today - timedelta(days=today.weekday())
    return start + timedelta(days=(activity.weekday - start.weekday()) % 7)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=_zone())


def activity_event(activity: Activity, *, url: str, today: date) -> Event:
    start_day = first_date(activity, today=today)
    place = activity.meeting_place
    event = Event()
    event.add("uid", f"activity-{activity.uuid}@samvaer")
    # Stable within a day, so that the file's ETag is too (a conditional GET gets 304).
    event.add("dtstamp", datetime.combine(today, time(0), tzinfo=ZoneInfo("UTC")))
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
        rule["until"] = _at(activity.ends_on, activity.start_time).astimezone(ZoneInfo("UTC"))
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
    cal.add("prodid", "-//Samvær//Aktiviteter//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def activity_calendar(activity: Activity, *, url: str) -> bytes:
    today = timezone.localdate()
    return calendar(activity.title, [activity_event(activity, url=url, today=today)])


def meeting_place_calendar(place: MeetingPlace, activities: list[tuple[Activity, str]]) -> bytes:
    """Every activity of a meeting place; `activities` pairs each with its page's URL."""
    today = timezone.localdate()
    return calendar(place.name, [activity_event(a, url=url, today=today) for a, url in activities])
