"""The batch run's candidates agree with the instant engine: same rules, same score, same order."""

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import engine
from matching.engine.candidates import ActivityTable, CompanionTable
from meetingplaces.geo import distance_km

from .oracle import rank_plain
from .test_engine import activities_strategy, companions_strategy, needs_strategy


@settings(max_examples=300, deadline=None)
@given(needs_strategy, activities_strategy(max_size=60), companions_strategy, st.integers(1, 8))
def test_the_batch_candidates_are_the_engines_best(needs, activities, companions, k):
    companions = [replace(c, id=i) for i, c in enumerate(companions)]
    near = CompanionTable(companions).within_reach(needs.latitude, needs.longitude)
    found = ActivityTable(activities).best(needs, companions=near, limit=k)
    reference = rank_plain(needs, activities, companions, limit=k)
    assert [c.activity_id for c in found] == [s.activity_id for s in reference]
    for candidate, suggestion in zip(found, reference, strict=True):
        assert math.isclose(candidate.score, suggestion.score, abs_tol=1e-9)
        assert math.isclose(candidate.distance_km, suggestion.distance_km, abs_tol=1e-6)


@settings(max_examples=100, deadline=None)
@given(needs_strategy, companions_strategy)
def test_companions_within_reach_are_all_and_only_those_within_five_km(needs, companions):
    home = (needs.latitude, needs.longitude)
    companions = [replace(c, id=i) for i, c in enumerate(companions)]
    found = {c.id for c, _km in CompanionTable(companions).within_reach(*home)}
    expected = {
        i
        for i, c in enumerate(companions)
        if distance_km(home, (c.latitude, c.longitude)) <= engine.COMPANION_RADIUS_KM
    }
    assert found == expected
