"""Ranking one citizen's activities fast, with the same answer as checking every activity
with the exact geodesic (tests/matching/oracle.py is that plain loop; the tests compare).

- `rank` sorts candidates by a cheap distance with a proven margin
  (`meetingplaces.geo.approximate_km`) and measures exactly only where it can change the
  answer (near the travel limit, and for the few that can reach the top);
- `rank_streamed` reads candidates from a source ordered best first (the database) and
  stops reading as soon as nothing unread can win.
"""

import heapq
import math
from typing import NamedTuple

from meetingplaces.geo import (
    APPROXIMATION_MARGIN,
    approximate_km,
    bounding_box,
    distance_km,
    km_per_degree_min,
)

from .facts import ActivityFacts, CitizenNeeds, CompanionFacts, Suggestion
from .reasons import reasons_for
from .rules import companion_fits_activity, passes_rules_except_distance
from .score import (
    most_points_beyond,
    nearest_possible_km,
    score,
    upper_bound_score,
)


def suggestion(
    needs: CitizenNeeds,
    activity: ActivityFacts,
    distance: float,
    companion_km: float | None = None,
) -> Suggestion:
    return Suggestion(
        activity_id=activity.id,
        score=score(needs, activity, distance, companion_km),
        distance_km=distance,
        reasons=reasons_for(needs, activity, distance, companion_km),
    )


class NearestCompanion:
    """For each activity, how far the nearest companion who fits it (rules.companion_fits)
    lives from the citizen's home. Companions are visited nearest first by the approximate
    distance; the exact one is measured only for those that can still be the nearest."""

    def __init__(self, needs: CitizenNeeds, companions: list[CompanionFacts]):
        self.home = (needs.latitude, needs.longitude)
        self.wanted = needs.companion_needed
        self._by_organisation: dict[int, list[tuple[float, int, CompanionFacts]]] = {}
        if self.wanted:
            for index, companion in enumerate(companions):
                approx = approximate_km(*self.home, companion.latitude, companion.longitude)
                self._by_organisation.setdefault(companion.organisation_id, []).append(
                    (approx, index, companion)
                )
            for candidates in self._by_organisation.values():
                candidates.sort(key=lambda item: item[:2])
        self._exact: dict[int, float] = {}
        self._answers: dict[tuple[int, int], float | None] = {}

    def km(self, activity: ActivityFacts) -> float | None:
        if not self.wanted or activity.companion_available:
            return None  # the score and reasons do not use it
        key = (activity.organisation_id, activity.slots)
        if key not in self._answers:
            self._answers[key] = self._nearest(activity)
        return self._answers[key]

    def _nearest(self, activity: ActivityFacts) -> float | None:
        best = None
        for approx, index, companion in self._by_organisation.get(activity.organisation_id, ()):
            lowest = nearest_possible_km(approx)
            if best is not None and lowest > best:
                break
            # A companion who breaks the rule at the shortest distance they can be breaks it
            # at the exact one too: only the others are measured exactly.
            if not companion_fits_activity(companion, activity, lowest):
                continue
            if index not in self._exact:
                self._exact[index] = distance_km(
                    self.home, (companion.latitude, companion.longitude)
                )
            km = self._exact[index]
            if (best is None or km < best) and companion_fits_activity(companion, activity, km):
                best = km
        return best


class _Kept(NamedTuple):
    """A candidate among the best so far; its reasons are written only if it stays there."""

    score: float
    distance_km: float
    activity_id: object
    activity: ActivityFacts
    companion_km: float | None


def _keep_if_among_best(best, needs, activity, home, companions, limit) -> None:
    """Measure the activity exactly; if it is within reach, keep `best` the top `limit`."""
    distance = distance_km(home, (activity.latitude, activity.longitude))
    if distance > needs.max_distance_km:
        return
    companion_km = companions.km(activity)
    points = score(needs, activity, distance, companion_km)
    best.append(_Kept(points, distance, activity.id, activity, companion_km))
    best.sort(key=best_first)
    del best[limit:]


def _suggestions(needs: CitizenNeeds, best: list[_Kept]) -> list[Suggestion]:
    return [suggestion(needs, k.activity, k.distance_km, k.companion_km) for k in best]


def _approximate_if_it_may_pass(needs: CitizenNeeds, activity: ActivityFacts) -> float | None:
    """The approximate distance of an activity that may pass every hard rule; None for one
    that breaks a rule, or is too far even allowing for the approximation's margin."""
    if not passes_rules_except_distance(needs, activity):
        return None
    approx = approximate_km(needs.latitude, needs.longitude, activity.latitude, activity.longitude)
    return approx if approx <= needs.max_distance_km * (1 + APPROXIMATION_MARGIN) else None


def best_first(item: Suggestion | _Kept) -> tuple:
    # Ties go to the nearer activity, then to the lower id: the same input gives the same list.
    return (-item.score, item.distance_km, item.activity_id)


def rank(
    needs: CitizenNeeds,
    activities: list[ActivityFacts],
    companions: list[CompanionFacts] = (),
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """The best `limit` activities for the citizen, computing few exact distances.

    Candidates are visited best upper bound first; the exact geodesic (and score) is
    computed per visited candidate, and the walk stops as soon as no unvisited candidate
    can beat the current `limit`-th best.
    """
    if not needs.has_consent or limit <= 0:
        return []
    nearest = NearestCompanion(needs, list(companions))
    home = (needs.latitude, needs.longitude)
    bounded = []
    for activity in activities:
        approx = _approximate_if_it_may_pass(needs, activity)
        if approx is not None:
            bounded.append((-upper_bound_score(needs, activity, approx), activity.id, activity))
    heapq.heapify(bounded)
    best: list[_Kept] = []
    while bounded:
        negative_bound, _id, activity = heapq.heappop(bounded)
        if len(best) >= limit and -negative_bound < best[-1].score:
            break
        _keep_if_among_best(best, needs, activity, home, nearest, limit)
    return _suggestions(needs, best)


# -- streaming from an ordered source (the database) -----------------------------------


def order_scale(needs: CitizenNeeds) -> tuple[float, float]:
    """(km per degree of latitude, km per degree of longitude) for an ordering key.

    sqrt((ky·Δlat)² + (kx·Δlon)²) with these never exceeds the distance (by more than the
    margin) anywhere in the citizen's bounding box: both are the smallest a degree gets
    there. A database can sort by its square without trigonometry or square roots.
    """
    box = bounding_box(
        (needs.latitude, needs.longitude), needs.max_distance_km * (1 + APPROXIMATION_MARGIN)
    )
    return km_per_degree_min(box)


def rank_streamed(
    needs: CitizenNeeds,
    rows,
    companions: list[CompanionFacts] = (),
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """The same answer as `rank`, reading candidates only as far as needed.

    `rows` yields (shared interests, squared ordering key, ActivityFacts) sorted by shared
    interests descending, then by the key (see `order_scale`) ascending. Every row not yet
    read can score at most what the current row's level and key allow (or a whole level
    less, at no distance): once the `limit`-th best beats that, the rest is never read.
    """
    if not needs.has_consent or limit <= 0:
        return []
    nearest = NearestCompanion(needs, list(companions))
    home = (needs.latitude, needs.longitude)
    best: list[_Kept] = []
    for shared, key, activity in rows:
        if len(best) >= limit:
            bound = most_points_beyond(needs, shared, nearest_possible_km(math.sqrt(max(0.0, key))))
            if shared > 0:
                bound = max(bound, most_points_beyond(needs, shared - 1, 0.0))
            if best[-1].score > bound:
                break
        approx = _approximate_if_it_may_pass(needs, activity)
        if approx is None:
            continue
        if len(best) >= limit and upper_bound_score(needs, activity, approx) < best[-1].score:
            continue
        _keep_if_among_best(best, needs, activity, home, nearest, limit)
    return _suggestions(needs, best)
