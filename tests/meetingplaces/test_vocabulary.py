"""Weekly slots and interests as bit sets."""

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingplaces import vocabulary as v
from tests.factories import ActivityFactory


@given(st.sets(st.tuples(st.integers(0, 6), st.integers(0, 2))))
def test_slots_round_trip(slots):
    assert set(v.mask_to_slots(v.slots_to_mask(slots))) == slots


@given(st.sets(st.sampled_from(v.INTEREST_SLUGS)))
def test_interests_round_trip(slugs):
    assert set(v.mask_to_interests(v.interests_to_mask(slugs))) == slugs


def test_unknown_interest_is_refused():
    with pytest.raises(ValueError, match="unknown interest"):
        v.interests_to_mask(["skydiving"])


@pytest.mark.parametrize(
    "start, end, parts",
    [
        (time(9, 30), time(11, 0), [v.PartOfDay.MORNING]),
        (time(11, 0), time(13, 0), [v.PartOfDay.MORNING, v.PartOfDay.AFTERNOON]),
        (time(12, 0), time(17, 0), [v.PartOfDay.AFTERNOON]),
        (time(18, 30), time(21, 0), [v.PartOfDay.EVENING]),
    ],
)
def test_an_activity_belongs_to_the_parts_of_day_it_overlaps(start, end, parts):
    assert v.parts_of_day(start, end) == parts


@pytest.mark.django_db
def test_next_dates_follow_the_weekday_and_skip_exceptions():
    activity = ActivityFactory(weekday=1)  # Tuesday
    activity.exceptions.create(date=date(2026, 12, 1))
    dates = activity.next_dates(after=date(2026, 11, 23), count=3)
    assert dates == [date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 15)]


@pytest.mark.django_db
def test_next_dates_stop_at_the_end_of_the_period():
    activity = ActivityFactory(weekday=0, ends_on=date(2026, 12, 7))
    assert activity.next_dates(after=date(2026, 11, 23), count=5) == [
        date(2026, 11, 23),
        date(2026, 11, 30),
        date(2026, 12, 7),
    ]
