"""The reference ranker: every activity checked and scored with geopy's exact geodesic, in
a plain loop. The tests compare the engine's fast rankings against it, and
benchmarks/suggest.py times it as "the loop".
"""

from matching.engine import (
    ActivityFacts,
    CitizenNeeds,
    CompanionFacts,
    Suggestion,
    breaks_no_rule,
    companion_fits_activity,
    suggestion,
)
from matching.engine.rank import best_first
from meetingplaces.geo import distance_km


def companion_distances(
    needs: CitizenNeeds, companions: list[CompanionFacts]
) -> list[tuple[float, CompanionFacts]]:
    """Each companion with the exact distance from the citizen's home."""
    home = (needs.latitude, needs.longitude)
    return [(distance_km(home, (c.latitude, c.longitude)), c) for c in companions]


def nearest_companion_plain(
    needs: CitizenNeeds, activity: ActivityFacts, measured: list[tuple[float, CompanionFacts]]
) -> float | None:
    """How far the nearest companion who fits the activity lives from the citizen's home."""
    if not needs.companion_needed or activity.companion_available:
        return None
    fitting = [km for km, companion in measured if companion_fits_activity(companion, activity, km)]
    return min(fitting, default=None)


def rank_plain(
    needs: CitizenNeeds,
    activities: list[ActivityFacts],
    companions: list[CompanionFacts] = (),
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """Every activity checked and scored with the exact geodesic distance."""
    measured = companion_distances(needs, list(companions)) if needs.companion_needed else []
    found = []
    home = (needs.latitude, needs.longitude)
    for activity in activities:
        distance = distance_km(home, (activity.latitude, activity.longitude))
        if breaks_no_rule(needs, activity, distance):
            companion_km = nearest_companion_plain(needs, activity, measured)
            found.append(suggestion(needs, activity, distance, companion_km))
    found.sort(key=best_first)
    return found[:limit]
