"""The hard rules of DESIGN.md "Matching", and the one rule for who can go along.

Every caller decides with these functions: instant suggestions and batch runs through the
engine, the coordinator's companion list and the accept service through
`matching.selectors.companions`.
"""

from .facts import ActivityFacts, CitizenNeeds, CompanionFacts

# Mobility rule (Citizen.Mobility): a walker or a wheelchair needs step-free access; people
# who walk alone manage steps; people who rarely leave home are not assumed to use a
# walker or chair, so the form's mobility answer alone decides.
STEP_FREE_MOBILITIES = frozenset({"walker", "wheelchair"})

# Which audiences a citizen belongs to (Citizen.gender): activities for relatives are for
# relatives, never for the citizen.
AUDIENCES_BY_GENDER = {
    "": frozenset({"all"}),
    "woman": frozenset({"all", "women"}),
    "man": frozenset({"all", "men"}),
}

# A companion who lives further from the citizen's home than this does not go along.
COMPANION_RADIUS_KM = 5.0


def needs_step_free(mobility: str) -> bool:
    return mobility in STEP_FREE_MOBILITIES


def audience_fits(gender: str, audience: str) -> bool:
    return audience in AUDIENCES_BY_GENDER.get(gender, AUDIENCES_BY_GENDER[""])


def schedule_overlap(preferred_slots: int, activity_slots: int) -> int:
    """The slots of the activity that the citizen wished for (all of them without wishes)."""
    return activity_slots if preferred_slots == 0 else preferred_slots & activity_slots


def passes_rules_except_distance(needs: CitizenNeeds, activity: ActivityFacts) -> bool:
    return (
        needs.has_consent
        and activity.id not in needs.excluded_activity_ids
        and (activity.free_seats is None or activity.free_seats > 0)
        and (activity.step_free or not needs.needs_step_free)
        and audience_fits(needs.gender, activity.audience)
        and schedule_overlap(needs.preferred_slots, activity.slots) != 0
    )


def breaks_no_rule(needs: CitizenNeeds, activity: ActivityFacts, distance: float) -> bool:
    """Every hard rule of DESIGN.md "Matching", given the geodesic distance in km."""
    return distance <= needs.max_distance_km and passes_rules_except_distance(needs, activity)


def companion_misfit(
    *,
    approved: bool = True,
    km: float | None,
    places: int,
    availability: int,
    organisation_id,
    activity_slots: int,
    activity_organisation_id,
) -> str | None:
    """The one rule for who may go along with a citizen to an activity: a volunteer of the
    activity's organisation, approved as a companion (`approved`: approved and can
    accompany), living within COMPANION_RADIUS_KM of the citizen's home (`km`; None when not
    measured: too far), free at all of the activity's times, with room for one more.

    None when the volunteer fits; else the first rule broken: "organisation", "approval",
    "distance", "time" or "places".
    """
    if organisation_id != activity_organisation_id:
        return "organisation"
    if not approved:
        return "approval"
    if km is None or km > COMPANION_RADIUS_KM:
        return "distance"
    if activity_slots & ~availability:
        return "time"
    if places <= 0:
        return "places"
    return None


def companion_fits(**facts) -> bool:
    """`companion_misfit` as a yes or no."""
    return companion_misfit(**facts) is None


def companion_fits_activity(
    companion: CompanionFacts, activity: ActivityFacts, km: float | None
) -> bool:
    """`companion_fits` for the engine's plain data (the companion `km` from home)."""
    return companion_fits(
        km=km,
        places=companion.places,
        availability=companion.availability,
        organisation_id=companion.organisation_id,
        activity_slots=activity.slots,
        activity_organisation_id=activity.organisation_id,
    )
