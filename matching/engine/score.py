"""The score of a pair that breaks no hard rule: a sum of explained parts, and the bounds
the fast rankings prune with."""

from meetingplaces.geo import APPROXIMATION_MARGIN, APPROXIMATION_SLACK_KM

from .facts import ActivityFacts, CitizenNeeds
from .rules import COMPANION_RADIUS_KM, schedule_overlap

# Weights of the score. Nearness counts most (it is what makes people go), then each
# shared interest, then how much of the activity's time the citizen wished for.
WEIGHT_NEARNESS = 3.0
WEIGHT_INTEREST = 1.0  # per shared interest
WEIGHT_SCHEDULE = 1.0
WEIGHT_COMPANION = 1.5  # only when the citizen needs a companion
WEIGHT_WAITING = 1.0  # reached after WAITING_FULL_DAYS; the same for all of one citizen's
WAITING_FULL_DAYS = 56  # activities, so it orders citizens (in batch runs), not activities
WEIGHT_LOAD = 0.5  # the whole bonus for an organisation with no open matches
LOAD_HALF = 5  # open matches at which the load bonus is halved


def nearness_points(distance: float, max_distance: float) -> float:
    return WEIGHT_NEARNESS * max(0.0, 1.0 - distance / max_distance)


def schedule_points(preferred_slots: int, activity_slots: int) -> float:
    wished = schedule_overlap(preferred_slots, activity_slots)
    return WEIGHT_SCHEDULE * wished.bit_count() / max(1, activity_slots.bit_count())


def companion_points(
    needs: CitizenNeeds, activity: ActivityFacts, companion_km: float | None
) -> float:
    """`companion_km`: how far the nearest companion who fits (rules.companion_fits) lives
    from the citizen's home, None when there is none."""
    if not needs.companion_needed:
        return 0.0
    if activity.companion_available:
        return WEIGHT_COMPANION
    if companion_km is not None:
        return WEIGHT_COMPANION * (1.0 - 0.5 * companion_km / COMPANION_RADIUS_KM)
    return 0.0


def waiting_points(waiting_days: int) -> float:
    return WEIGHT_WAITING * min(1.0, max(0, waiting_days) / WAITING_FULL_DAYS)


def load_points(load: int) -> float:
    return WEIGHT_LOAD / (1.0 + max(0, load) / LOAD_HALF)


def score(
    needs: CitizenNeeds,
    activity: ActivityFacts,
    distance: float,
    companion_km: float | None = None,
) -> float:
    """The score of a pair that breaks no hard rule: the sum of its explained parts."""
    return (
        nearness_points(distance, needs.max_distance_km)
        + WEIGHT_INTEREST * (needs.interests & activity.interests).bit_count()
        + schedule_points(needs.preferred_slots, activity.slots)
        + companion_points(needs, activity, companion_km)
        + waiting_points(needs.waiting_days)
        + load_points(activity.load)
    )


def nearest_possible_km(approx: float) -> float:
    """The shortest a distance measured by geo.approximate_km as `approx` can really be."""
    return max(0.0, approx * (1 - APPROXIMATION_MARGIN) - APPROXIMATION_SLACK_KM)


def upper_bound_score(needs: CitizenNeeds, activity: ActivityFacts, approx: float) -> float:
    """A score no lower than the exact one: nearness at the shortest the distance can be."""
    most_companion = WEIGHT_COMPANION if needs.companion_needed else 0.0
    return (
        nearness_points(nearest_possible_km(approx), needs.max_distance_km)
        + WEIGHT_INTEREST * (needs.interests & activity.interests).bit_count()
        + schedule_points(needs.preferred_slots, activity.slots)
        + most_companion
        + waiting_points(needs.waiting_days)
        + load_points(activity.load)
    )


def most_points_beyond(needs: CitizenNeeds, shared: int, nearest_possible: float) -> float:
    """The highest score an activity with `shared` interests, at least this far, can get."""
    return (
        nearness_points(max(0.0, nearest_possible), needs.max_distance_km)
        + WEIGHT_INTEREST * shared
        + WEIGHT_SCHEDULE
        + (WEIGHT_COMPANION if needs.companion_needed else 0.0)
        + waiting_points(needs.waiting_days)
        + WEIGHT_LOAD
    )
