"""suggest_activities over the real database: every hard rule, seats, declines, consent."""

import random
from datetime import time, timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from matching.models import Match
from matching.selectors import (
    all_activity_facts,
    citizen_needs,
    companions_near,
    suggest_activities,
)
from meetingplaces.vocabulary import PartOfDay, slot_bit
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MatchFactory,
    MeetingPlaceFactory,
    VolunteerFactory,
)

from .oracle import rank_plain

pytestmark = pytest.mark.django_db


def suggested(citizen, **kwargs):
    return [s.activity_id for s in suggest_activities(citizen, **kwargs)]


def test_a_fitting_activity_is_suggested_with_its_reasons():
    citizen = CitizenFactory(interests=0b11, preferred_slots=0b1 << 3)
    activity = ActivityFactory(interests=0b10)
    [found] = suggest_activities(citizen)
    assert found.activity_id == activity.pk
    assert found.distance_km < 0.1
    assert [r.text for r in found.reasons][:3] == [
        "100 m væk",
        "Interesser: kortspil",
        "Tirsdag formiddag passer",
    ]


def test_too_far_is_not_suggested():
    citizen = CitizenFactory(max_distance_km=2)
    near = ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.81))  # ~1.5 km
    ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.83))  # ~3.7 km
    assert suggested(citizen) == [near.pk]


def test_wheelchair_users_get_step_free_places_only():
    citizen = CitizenFactory(mobility="wheelchair")
    step_free = ActivityFactory()
    ActivityFactory(meeting_place=MeetingPlaceFactory(step_free=False))
    assert suggested(citizen) == [step_free.pk]


def test_seats_held_by_matches_count_and_no_limit_means_room():
    citizen = CitizenFactory()
    full = ActivityFactory(capacity=3, participants=1)
    for status in ["accepted", "participating"]:
        MatchFactory(activity=full, status=status)
    MatchFactory(activity=full, status="proposed")  # a proposal holds no seat...
    one_left = ActivityFactory(capacity=4, participants=1)
    MatchFactory(activity=one_left, status="first_visit")
    MatchFactory(activity=one_left, status="declined", decline_reason="Passer ikke")
    unlimited = ActivityFactory(capacity=None, participants=500)
    assert set(suggested(citizen)) == {one_left.pk, unlimited.pk}


@pytest.mark.parametrize(
    ("gender", "audiences"),
    [("", {"all"}), ("woman", {"all", "women"}), ("man", {"all", "men"})],
)
def test_audience_fits_and_relatives_activities_are_not_for_the_citizen(gender, audiences):
    citizen = CitizenFactory(gender=gender)
    by_audience = {a: ActivityFactory(audience=a).pk for a in ["all", "men", "women", "relatives"]}
    assert set(suggested(citizen)) == {by_audience[a] for a in audiences}


def test_schedule_must_overlap_the_wishes():
    citizen = CitizenFactory(preferred_slots=0b010 << 3)  # Tuesday afternoon
    ActivityFactory()  # Tuesday 10-12
    afternoon = ActivityFactory(start_time="11:00", end_time="13:00")
    assert suggested(citizen) == [afternoon.pk]


def test_a_declined_pair_is_not_suggested_again():
    citizen = CitizenFactory()
    declined = ActivityFactory()
    other = ActivityFactory()
    MatchFactory(citizen=citizen, activity=declined, status="declined", decline_reason="Nej tak")
    assert suggested(citizen) == [other.pk]


def test_withdrawn_consent_gives_no_suggestions():
    citizen = CitizenFactory(consent_withdrawn_at=timezone.now())
    ActivityFactory()
    assert suggested(citizen) == []


def test_ended_inactive_and_long_unconfirmed_activities_are_not_suggested():
    citizen = CitizenFactory()
    ActivityFactory(is_active=False)
    ActivityFactory(ends_on=timezone.localdate() - timedelta(days=1))
    ActivityFactory(last_verified_on=timezone.localdate() - timedelta(weeks=52))
    running = ActivityFactory(ends_on=timezone.localdate())
    assert suggested(citizen) == [running.pk]


def test_a_companion_near_home_raises_the_score_and_is_explained():
    citizen = CitizenFactory(companion_needed=True)
    with_companion = ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.80))
    without = ActivityFactory()  # nearer, but nobody can go along
    VolunteerFactory(organisation=with_companion.organisation, latitude=54.804, longitude=11.645)
    VolunteerFactory(organisation=without.organisation, can_accompany=False)
    first, second = suggest_activities(citizen)
    assert (first.activity_id, second.activity_id) == (with_companion.pk, without.pk)
    assert [r.text for r in first.reasons if r.kind == "companion"] == ["En følgeven bor 800 m væk"]
    assert not [r for r in second.reasons if r.kind == "companion"]


def test_suggestions_take_few_queries_however_many_activities(django_assert_max_num_queries):
    citizen = CitizenFactory(companion_needed=True)
    for _ in range(30):
        ActivityFactory()
    # The citizen's earlier matches, seats held, coordinator loads, companions, candidates.
    # Earlier matches, companions, candidates, and seats held and loads of the chunk read.
    with django_assert_max_num_queries(5):
        found = suggest_activities(citizen, limit=10)
    assert len(found) == 10
    assert all(a.score >= b.score for a, b in pairwise(found))


def test_proposals_and_loads_are_read_from_open_matches():
    citizen = CitizenFactory()
    busy = ActivityFactory()
    calm = ActivityFactory()
    for _ in range(4):
        MatchFactory(activity=busy, status=Match.Status.PROPOSED)
    first, second = suggest_activities(citizen)
    assert (first.activity_id, second.activity_id) == (calm.pk, busy.pk)
    assert {r.kind: r.value for r in second.reasons}["load"] == 4


def test_the_database_path_agrees_with_the_plain_loop_over_every_activity():
    """Random towns of activities around Sakskøbing; SQL cuts and streaming included."""
    rng = random.Random(7)
    places = [
        MeetingPlaceFactory(
            latitude=54.797 + rng.uniform(-0.06, 0.06),
            longitude=11.645 + rng.uniform(-0.1, 0.1),
            step_free=rng.random() < 0.6,
        )
        for _ in range(40)
    ]
    for i in range(160):
        capacity = rng.choice([None, 5, 10])
        ActivityFactory(
            meeting_place=places[i % 40],
            interests=rng.randrange(1 << 8),
            weekday=rng.randrange(7),
            start_time=f"{rng.randint(8, 18)}:00",
            end_time="20:00",
            capacity=capacity,
            participants=0 if capacity is None else rng.randint(0, capacity),
            audience=rng.choice(["all", "all", "men", "women", "relatives"]),
            companion_available=rng.random() < 0.2,
        )
    for _ in range(10):
        VolunteerFactory(
            latitude=54.797 + rng.uniform(-0.05, 0.05),
            longitude=11.645 + rng.uniform(-0.05, 0.05),
            organisation=rng.choice(places).activities.first().organisation,
        )
    facts = all_activity_facts()
    for _ in range(25):
        citizen = CitizenFactory(
            latitude=round(54.797 + rng.uniform(-0.05, 0.05), 3),
            longitude=round(11.645 + rng.uniform(-0.08, 0.08), 3),
            max_distance_km=rng.choice([1, 2, 3, 5]),
            interests=rng.randrange(1 << 8),
            preferred_slots=rng.choice([0, rng.randrange(1 << 21)]),
            mobility=rng.choice(["walks_alone", "walker", "wheelchair"]),
            gender=rng.choice(["", "woman", "man"]),
            companion_needed=rng.random() < 0.5,
        )
        needs = citizen_needs(citizen)
        plain = rank_plain(needs, facts, companions_near(needs), limit=5)
        found = suggest_activities(citizen)
        assert [(s.activity_id, s.score) for s in found] == [
            (s.activity_id, s.score) for s in plain
        ]


THURSDAY = 3


def test_the_reason_names_only_the_part_of_day_that_fits():
    wishes_afternoon = CitizenFactory(preferred_slots=slot_bit(THURSDAY, PartOfDay.AFTERNOON))
    morning = ActivityFactory(weekday=THURSDAY, start_time=time(9, 30), end_time=time(12, 30))
    across_noon = ActivityFactory(weekday=THURSDAY, start_time=time(11), end_time=time(13))
    assert suggested(wishes_afternoon) == [across_noon.pk]
    [found] = suggest_activities(wishes_afternoon)
    assert [r.text for r in found.reasons if r.kind == "schedule"] == ["Torsdag eftermiddag passer"]

    wishes_morning = CitizenFactory(preferred_slots=slot_bit(THURSDAY, PartOfDay.MORNING))
    by_id = {s.activity_id: s for s in suggest_activities(wishes_morning)}
    assert set(by_id) == {morning.pk, across_noon.pk}
    assert [r.text for r in by_id[morning.pk].reasons if r.kind == "schedule"] == [
        "Torsdag formiddag passer"
    ]
