"""Weekly slots and interests as bit sets."""

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingplaces import vocabulary as v
from meetingplaces.models import Activity
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


MORNING, AFTERNOON, EVENING = v.PartOfDay


@pytest.mark.parametrize(
    "start, end, parts",
    [
        (time(9, 30), time(11, 0), [MORNING]),
        (time(9, 30), time(12, 30), [MORNING]),  # half an hour after noon is no afternoon
        (time(11, 0), time(13, 0), [MORNING, AFTERNOON]),
        (time(11, 30), time(12, 30), [MORNING]),
        (time(12, 0), time(17, 0), [AFTERNOON]),
        (time(16, 30), time(18, 0), [AFTERNOON, EVENING]),
        (time(16, 30), time(17, 30), [AFTERNOON]),
        (time(18, 30), time(21, 0), [EVENING]),
        (time(8, 0), time(20, 0), [MORNING, AFTERNOON, EVENING]),
    ],
)
def test_an_activity_belongs_to_the_part_it_starts_in_and_those_it_stays_an_hour_in(
    start, end, parts
):
    assert v.parts_of_day(start, end) == parts


minutes = st.integers(0, 24 * 60 - 2)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(minutes, st.integers(1, 12 * 60), st.sampled_from(list(v.PartOfDay)))
def test_the_part_of_day_filter_in_sql_follows_the_same_rule(start, length, part):
    end = min(start + length, 24 * 60 - 1)
    start_time, end_time = time(*divmod(start, 60)), time(*divmod(end, 60))
    activity = ActivityFactory(start_time=start_time, end_time=end_time)
    in_sql = Activity.objects.filter(v.part_of_day_q(part), pk=activity.pk).exists()
    assert in_sql == (part in v.parts_of_day(start_time, end_time))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6), minutes, st.integers(1, 12 * 60))
def test_the_stored_slot_column_is_the_activitys_slot_set(weekday, start, length):
    end = min(start + length, 24 * 60 - 1)
    activity = ActivityFactory(
        weekday=weekday, start_time=time(*divmod(start, 60)), end_time=time(*divmod(end, 60))
    )
    stored = Activity.objects.values_list("slot_mask", flat=True).get(pk=activity.pk)
    assert stored == activity.slots
    # A changed time is stored again.
    Activity.objects.filter(pk=activity.pk).update(weekday=(weekday + 1) % 7)
    activity.refresh_from_db()
    assert activity.slot_mask == activity.slots


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
