"""The matching engine's invariants, over plain data: hard rules, ranking and reasons."""

from dataclasses import replace

from django.utils import translation
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import engine
from matching.engine import ActivityFacts, CitizenNeeds, CompanionFacts
from meetingplaces.geo import APPROXIMATION_MARGIN, APPROXIMATION_SLACK_KM
from meetingplaces.vocabulary import (
    ALL_INTERESTS,
    ALL_SLOTS,
    mask_to_interests,
    mask_to_slots,
)

from .oracle import companion_distances, nearest_companion_plain, rank_plain

# Around Guldborgsund: a few kilometres either way, as home care works.
HOME = (54.797, 11.645)
latitudes = st.floats(HOME[0] - 0.15, HOME[0] + 0.15)
longitudes = st.floats(HOME[1] - 0.25, HOME[1] + 0.25)
slot_sets = st.integers(0, ALL_SLOTS)
interest_sets = st.integers(0, ALL_INTERESTS)


def activity_slot_sets():
    # An activity is on one weekday and covers one to three parts of it.
    return st.builds(
        lambda day, parts: sum(1 << (day * 3 + part) for part in parts),
        st.integers(0, 6),
        st.sets(st.integers(0, 2), min_size=1, max_size=3),
    )


needs_strategy = st.builds(
    CitizenNeeds,
    latitude=latitudes,
    longitude=longitudes,
    max_distance_km=st.sampled_from([1.0, 2.0, 3.0, 5.0, 10.0]),
    needs_step_free=st.booleans(),
    gender=st.sampled_from(["", "woman", "man"]),
    interests=interest_sets,
    preferred_slots=slot_sets,
    companion_needed=st.booleans(),
    has_consent=st.booleans(),
    excluded_activity_ids=st.frozensets(st.integers(1, 40), max_size=5),
    waiting_days=st.integers(0, 100),
)


def activities_strategy(max_size=40):
    return st.lists(
        st.builds(
            ActivityFacts,
            id=st.integers(1, 10_000),
            latitude=latitudes,
            longitude=longitudes,
            step_free=st.booleans(),
            audience=st.sampled_from(["all", "men", "women", "relatives"]),
            interests=interest_sets,
            slots=activity_slot_sets(),
            free_seats=st.one_of(st.none(), st.integers(-2, 5)),
            companion_available=st.booleans(),
            organisation_id=st.integers(1, 4),
            load=st.integers(0, 20),
        ),
        max_size=max_size,
        unique_by=lambda a: a.id,
    )


companions_strategy = st.lists(
    st.builds(
        CompanionFacts,
        organisation_id=st.integers(1, 4),
        latitude=latitudes,
        longitude=longitudes,
        availability=st.sampled_from([ALL_SLOTS, 0, 0b111 << 3, 0b1]),
        places=st.integers(0, 2),
        id=st.integers(1, 50),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(needs_strategy, activities_strategy(), companions_strategy)
def test_no_suggestion_breaks_a_hard_rule(needs, activities, companions):
    by_id = {a.id: a for a in activities}
    for found in engine.rank(needs, activities, companions, limit=10):
        activity = by_id[found.activity_id]
        distance = geodesic(
            (needs.latitude, needs.longitude), (activity.latitude, activity.longitude)
        ).km
        assert needs.has_consent
        assert distance <= needs.max_distance_km
        assert activity.free_seats is None or activity.free_seats > 0
        assert activity.step_free or not needs.needs_step_free
        assert activity.audience != "relatives"
        assert activity.audience == "all" or (activity.audience, needs.gender) in {
            ("women", "woman"),
            ("men", "man"),
        }
        assert needs.preferred_slots == 0 or needs.preferred_slots & activity.slots
        assert activity.id not in needs.excluded_activity_ids
        assert found.score >= 0


@settings(max_examples=200, deadline=None)
@given(needs_strategy, activities_strategy(), companions_strategy, st.integers(1, 8))
def test_fast_ranking_gives_the_same_answer_as_the_plain_loop(needs, activities, companions, k):
    fast = engine.rank(needs, activities, companions, limit=k)
    plain = rank_plain(needs, activities, companions, limit=k)
    assert [s.activity_id for s in fast] == [s.activity_id for s in plain]
    assert [s.score for s in fast] == [s.score for s in plain]


def plain_needs(**changes):
    base = CitizenNeeds(
        latitude=HOME[0],
        longitude=HOME[1],
        max_distance_km=10.0,
        needs_step_free=False,
        gender="",
        interests=0,
        preferred_slots=0,
        companion_needed=False,
        has_consent=True,
    )
    return replace(base, **changes)


def plain_activity(id, **changes):
    base = ActivityFacts(
        id=id,
        latitude=HOME[0],
        longitude=HOME[1],
        step_free=True,
        audience="all",
        interests=0,
        slots=0b1,
        free_seats=None,
        companion_available=False,
        organisation_id=1,
    )
    return replace(base, **changes)


@settings(deadline=None)
@given(needs_strategy, st.floats(0.0, 0.04), st.floats(0.0, 0.04))
def test_nearer_ranks_higher_all_else_equal(needs, north_a, north_b):
    needs = replace(
        needs,
        has_consent=True,
        excluded_activity_ids=frozenset(),
        max_distance_km=10.0,
        preferred_slots=0,
    )
    a = plain_activity(1, latitude=needs.latitude + north_a, longitude=needs.longitude)
    b = plain_activity(2, latitude=needs.latitude + north_b, longitude=needs.longitude)
    ranked = [s.activity_id for s in engine.rank(needs, [a, b], limit=2)]
    if a.latitude < b.latitude:
        assert ranked == [1, 2]
    elif b.latitude < a.latitude:
        assert ranked == [2, 1]


@settings(deadline=None)
@given(interest_sets, interest_sets, interest_sets)
def test_more_shared_interests_rank_higher_all_else_equal(citizen, first, second):
    needs = plain_needs(interests=citizen)
    a = plain_activity(1, interests=first, latitude=HOME[0] + 0.01)
    b = plain_activity(2, interests=second, latitude=HOME[0] + 0.01)
    shared_a, shared_b = (citizen & first).bit_count(), (citizen & second).bit_count()
    ranked = [s.activity_id for s in engine.rank(needs, [a, b], limit=2)]
    if shared_a > shared_b:
        assert ranked == [1, 2]
    elif shared_b > shared_a:
        assert ranked == [2, 1]


@settings(max_examples=200, deadline=None)
@given(needs_strategy, activities_strategy(), companions_strategy)
def test_reasons_agree_with_the_numbers(needs, activities, companions):
    by_id = {a.id: a for a in activities}
    measured = companion_distances(needs, companions)
    for found in engine.rank(needs, activities, companions, limit=10):
        activity = by_id[found.activity_id]
        reasons = {r.kind: r for r in found.reasons}
        assert reasons["distance"].value == round(found.distance_km, 3)
        shared = mask_to_interests(needs.interests & activity.interests)
        assert reasons.get("interests", engine.Reason("interests", [], "")).value == shared
        wished = needs.preferred_slots or ALL_SLOTS
        assert reasons["schedule"].value == [
            list(s) for s in mask_to_slots(wished & activity.slots)
        ]
        assert ("step_free" in reasons) == activity.step_free
        assert reasons["load"].value == activity.load
        # The score is the sum of the parts the reasons describe.
        companion_km = (
            reasons["companion"].value.get("distance_km") if "companion" in reasons else None
        )
        nearest = nearest_companion_plain(needs, activity, measured)
        if companion_km is not None:
            assert companion_km == round(nearest, 3)
        expected = (
            engine.nearness_points(found.distance_km, needs.max_distance_km)
            + engine.WEIGHT_INTEREST * len(shared)
            + engine.schedule_points(needs.preferred_slots, activity.slots)
            + engine.companion_points(needs, activity, nearest)
            + engine.waiting_points(needs.waiting_days)
            + engine.load_points(activity.load)
        )
        assert abs(found.score - expected) < 1e-9
        assert ("companion" in reasons) == (engine.companion_points(needs, activity, nearest) > 0)


def test_reason_sentences_are_plain_danish():
    needs = plain_needs(
        interests=0b11, preferred_slots=0b10 << 3, companion_needed=True, waiting_days=15
    )
    activity = plain_activity(
        7, latitude=HOME[0] + 0.0108, interests=0b111, slots=0b11 << 3, load=2
    )
    companion = CompanionFacts(organisation_id=1, latitude=HOME[0] + 0.0072, longitude=HOME[1])
    [found] = engine.rank(needs, [activity], [companion])
    texts = [r.text for r in found.reasons]
    assert texts == [
        "1,2 km væk",
        "Interesser: kaffe, kortspil",
        "Tirsdag eftermiddag passer",
        "Trinfri adgang",
        "En følgeven bor 800 m væk",
        "Har ventet 2 uger",
        "Koordinatoren har 2 borgere i gang",
    ]


def test_reason_sentences_follow_the_language():
    needs = plain_needs(interests=0b10, preferred_slots=0b1 << 3)
    activity = plain_activity(7, latitude=HOME[0] + 0.0108, interests=0b10, slots=0b1 << 3)
    with translation.override("en"):
        [found] = engine.rank(needs, [activity])
    assert [r.text for r in found.reasons][:4] == [
        "1.2 km away",
        "Interests: cards",
        "Tuesday morning suits",
        "Step-free access",
    ]


def test_withdrawn_consent_gives_no_suggestions():
    assert engine.rank(plain_needs(has_consent=False), [plain_activity(1)]) == []
    assert rank_plain(plain_needs(has_consent=False), [plain_activity(1)]) == []


def test_walker_and_wheelchair_need_step_free_access():
    assert engine.needs_step_free("walker") and engine.needs_step_free("wheelchair")
    assert not engine.needs_step_free("walks_alone")
    needs = plain_needs(needs_step_free=True)
    assert engine.rank(needs, [plain_activity(1, step_free=False)]) == []


def database_order(needs, activities):
    """The rows as the database gives them to rank_streamed (see candidate_activities)."""
    ky, kx = engine.order_scale(needs)
    far = needs.max_distance_km * (1 + APPROXIMATION_MARGIN)
    rows = []
    for a in activities:
        key = ((a.latitude - needs.latitude) * ky) ** 2 + (
            (a.longitude - needs.longitude) * kx
        ) ** 2
        if key <= far * far:
            rows.append(((needs.interests & a.interests).bit_count(), key, a))
    rows.sort(key=lambda row: (-row[0], row[1]))
    return rows


@settings(max_examples=300, deadline=None)
@given(needs_strategy, activities_strategy(max_size=60), companions_strategy, st.integers(1, 8))
def test_streamed_ranking_gives_the_same_answer_as_the_plain_loop(
    needs, activities, companions, limit
):
    streamed = engine.rank_streamed(
        needs, database_order(needs, activities), companions, limit=limit
    )
    plain = rank_plain(needs, activities, companions, limit=limit)
    assert [(s.activity_id, s.score) for s in streamed] == [(s.activity_id, s.score) for s in plain]


@settings(deadline=None)
@given(needs_strategy, activities_strategy())
def test_the_ordering_key_never_overstates_the_distance(needs, activities):
    ky, kx = engine.order_scale(needs)
    for a in activities:
        key = ((a.latitude - needs.latitude) * ky) ** 2 + (
            (a.longitude - needs.longitude) * kx
        ) ** 2
        exact = geodesic((needs.latitude, needs.longitude), (a.latitude, a.longitude)).km
        if exact <= needs.max_distance_km * 1.01:
            lower = key**0.5 * (1 - APPROXIMATION_MARGIN) - APPROXIMATION_SLACK_KM
            assert lower <= exact
