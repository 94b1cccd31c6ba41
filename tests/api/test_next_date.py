"""`next_date` is never a meeting that has already ended today."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

# Tuesday 23 March 2027, 13:00 in Copenhagen.
NOW = datetime(2027, 3, 23, 13, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (time(10), time(12), date(2027, 3, 30)),  # ended an hour ago: next week
        (time(12), time(14), date(2027, 3, 23)),  # still going on: today
        (time(15), time(17), date(2027, 3, 23)),  # later today
        (time(11), time(13), date(2027, 3, 30)),  # ends at this very minute
    ],
)
def test_next_date_skips_todays_meeting_once_it_has_ended(frozen, start, end, expected):
    activity = ActivityFactory(weekday=1, start_time=start, end_time=end)
    client = APIClient()

    listed = client.get("/api/v1/activities/").json()["results"][0]
    detail = client.get(f"/api/v1/activities/{activity.uuid}/").json()

    assert listed["next_date"] == detail["next_date"] == expected.isoformat()
    assert detail["next_dates"][0] == expected.isoformat()


def test_the_activity_page_lists_no_meeting_that_has_ended(client, frozen):
    activity = ActivityFactory(weekday=1, start_time=time(10), end_time=time(12))
    page = client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    assert "23. marts 2027" not in page and "30. marts 2027" in page
