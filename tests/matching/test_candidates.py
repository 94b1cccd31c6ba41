"""The batch run's candidates agree with the instant engine: same rules, same score, same order."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import engine
from matching.engine.candidates import ActivityTable, CompanionPoint, CompanionTable

from .test_engine import activities_strategy, companions_strategy, needs_strategy


@settings(max_examples=300, deadline=None)
@given(needs_strategy, activities_strategy(max_size=60), companions_strategy, st.integers(1, 8))
def test_the_batch_candidates_are_the_engines_best(needs, activities, companions, k):
    table = CompanionTable(
        CompanionPoint(i, c.organisation_id, c.latitude, c.longitude)
        for i, c in enumerate(companions)
    )
    nearest = table.nearest_by_organisation(needs.latitude, needs.longitude)
    found = ActivityTable(activities).best(needs, nearest_companion_km=nearest, limit=k)
    reference = engine.rank_plain(needs, activities, companions, limit=k)
    assert [c.activity_id for c in found] == [s.activity_id for s in reference]
    for candidate, suggestion in zip(found, reference, strict=True):
        assert math.isclose(candidate.score, suggestion.score, abs_tol=1e-9)
        assert math.isclose(candidate.distance_km, suggestion.distance_km, abs_tol=1e-6)


@settings(max_examples=100, deadline=None)
@given(needs_strategy, companions_strategy)
def test_companions_within_reach_are_all_and_only_those_within_five_km(needs, companions):
    table = CompanionTable(
        CompanionPoint(i, c.organisation_id, c.latitude, c.longitude)
        for i, c in enumerate(companions)
    )
    found = {c.id for c, _km in table.within_reach(needs.latitude, needs.longitude)}
    home = (needs.latitude, needs.longitude)
    expected = {
        i
        for i, c in enumerate(companions)
        if engine.distance_km(home, (c.latitude, c.longitude)) <= engine.COMPANION_RADIUS_KM
    }
    assert found == expected
