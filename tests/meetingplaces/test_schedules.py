"""Schedules as RFC 5545 lines: read, counted and said in plain Danish."""

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingplaces import schedules
from meetingplaces.schedules import Kind, Schedule, ScheduleError


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("", "hver tirsdag"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "hver anden onsdag"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=FR", "hver tredje fredag"),
        ("RRULE:FREQ=MONTHLY;BYDAY=1TU", "første tirsdag i måneden"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1TH", "sidste torsdag i måneden"),
        (
            "RDATE;VALUE=DATE:20261217,20261203",
            "på disse datoer: 3. december 2026, 17. december 2026",
        ),
    ],
)
def test_each_shape_is_said_in_plain_danish(line, text):
    assert schedules.parse(line, weekday=1).describe() == text


@pytest.mark.parametrize(
    "line",
    [
        "RRULE:FREQ=DAILY",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
        "RRULE:FREQ=MONTHLY;BYDAY=5TU",
        "RRULE:FREQ=WEEKLY;INTERVAL=12;BYDAY=MO",
        "RRULE:FREQ=WEEKLY;BYDAY=XX",
        "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO",
        "EXRULE:FREQ=WEEKLY",
        "RDATE;VALUE=DATE:2026-13-45",
        "RDATE;VALUE=DATE:",
    ],
)
def test_shapes_samvaer_cannot_say_are_refused_with_a_message(line):
    with pytest.raises(ScheduleError) as refused:
        schedules.parse(line)
    assert str(refused.value)


def test_every_other_week_keeps_the_weeks_of_its_first_date():
    schedule = schedules.parse("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")
    found = schedule.dates_between(
        anchor=date(2026, 11, 4), start=date(2026, 11, 28), end=date(2027, 1, 1)
    )
    assert list(found) == [date(2026, 12, 2), date(2026, 12, 16), date(2026, 12, 30)]


def test_the_first_tuesday_of_each_month():
    schedule = schedules.parse("RRULE:FREQ=MONTHLY;BYDAY=1TU")
    found = schedule.dates_between(
        anchor=date(2026, 1, 1), start=date(2026, 11, 28), end=date(2027, 3, 1)
    )
    assert list(found) == [date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 2)]


def test_single_dates_take_their_weekday_from_the_first():
    schedule = schedules.dates_schedule([date(2026, 12, 17), date(2026, 12, 3)])
    assert schedule.weekday == 3  # Thursday 3 December
    assert schedule.as_rfc5545() == "RDATE;VALUE=DATE:20261203,20261217"


@given(
    kind=st.sampled_from([Kind.WEEKLY, Kind.MONTHLY]),
    weekday=st.integers(0, 6),
    interval=st.integers(1, schedules.MAX_INTERVAL_WEEKS),
    ordinal=st.sampled_from([1, 2, 3, 4, -1]),
    anchor=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
)
def test_a_rule_reads_back_as_itself_and_meets_on_its_weekday(
    kind, weekday, interval, ordinal, anchor
):
    schedule = Schedule(
        kind=kind,
        weekday=weekday,
        interval=interval if kind == Kind.WEEKLY else 1,
        ordinal=ordinal if kind == Kind.MONTHLY else None,
    )
    assert schedules.parse(schedule.as_rfc5545(), weekday=weekday) == schedule
    found = list(
        schedule.dates_between(
            anchor=anchor, start=anchor, end=anchor.replace(year=anchor.year + 1)
        )
    )
    assert found and all(day.weekday() == weekday for day in found)
    # dateutil reads the stored line as RFC 5545 too.
    if schedule.as_rfc5545():
        assert rrulestr(schedule.as_rfc5545().removeprefix("RRULE:"))


@settings(max_examples=400)
@given(
    weekday=st.integers(0, 6),
    interval=st.integers(1, schedules.MAX_INTERVAL_WEEKS),
    anchor=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    start_after=st.integers(-30, 400),
    length=st.integers(0, 400),
)
def test_weekly_dates_are_the_ones_dateutil_counts(weekday, interval, anchor, start_after, length):
    schedule = Schedule(kind=Kind.WEEKLY, weekday=weekday, interval=interval)
    start = anchor + timedelta(days=start_after)
    end = start + timedelta(days=length)
    line = f"RRULE:FREQ=WEEKLY;INTERVAL={interval};BYDAY={schedules.WEEKDAY_CODES[weekday]}"
    # The plain weekly rule keeps no phase: it counts from the start.
    counted_from = anchor if interval > 1 else start
    rule = rrulestr(line, dtstart=datetime.combine(counted_from, time()))
    first = datetime.combine(max(start, counted_from), time())
    expected = [m.date() for m in rule.between(first, datetime.combine(end, time()), inc=True)]
    assert list(schedule.dates_between(anchor=anchor, start=start, end=end)) == expected
