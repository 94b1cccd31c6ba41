"""The open-data schedule of an activity beyond weekly: its rule, and its breaks noted."""

from datetime import date

import pytest

from api.hsds.representations import schedule
from meetingplaces.models import ActivityException
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_the_first_tuesday_of_the_month_with_a_break():
    activity = ActivityFactory(recurrence="RRULE:FREQ=MONTHLY;BYDAY=1TU", weekday=1)
    ActivityException.objects.create(
        activity=activity, date=date(2027, 7, 1), last_date=date(2027, 8, 15)
    )
    shown = schedule(activity, today=date(2027, 1, 1))
    assert (shown["freq"], shown["interval"], shown["byday"]) == ("MONTHLY", 1, "1TU")
    assert shown["description"] == "Første tirsdag i måneden kl. 10:00–12:00"
    assert "Pause 01.07.2027–15.08.2027." in shown["notes"]


def test_single_dates_have_no_rule():
    activity = ActivityFactory(recurrence="RDATE;VALUE=DATE:20271203,20271217", weekday=4)
    shown = schedule(activity, today=date(2027, 1, 1))
    assert "freq" not in shown
    assert "3. december 2027" in shown["description"]
