"""The matching engine: hard rules, score and reasons for citizen × activity pairs.

Plain Python over plain data (no requests, no querysets): `matching.selectors` turns rows
into `CitizenNeeds`, `ActivityFacts` and `CompanionFacts`, the engine answers. Two ways to
rank the same rules with the same score:

- `rank_plain` checks and scores every activity with geopy's geodesic; it is the reference
  (tests compare against it, the benchmark times it);
- `rank` is the fast path for instant suggestions: a cheap ellipsoidal approximation with a
  proven error margin sorts the candidates, and the exact geodesic is computed only where it
  can change the answer (near the travel limit, and for the few that can reach the top).
"""

import heapq
import math
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetingplaces.geo import distance_km
from meetingplaces.vocabulary import (
    INTEREST_LABELS,
    PartOfDay,
    Weekday,
    mask_to_interests,
    mask_to_slots,
)


@dataclass(frozen=True)
class Reason:
    """One explained part of a suggestion: as data (kind, value) and as a Danish sentence."""

    kind: str  # "distance", "interests", "schedule", "step_free", "companion", "waiting", "load"
    value: object  # JSON-serialisable
    text: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "text": self.text}


@dataclass(frozen=True)
class Suggestion:
    activity_id: int
    score: float  # >= 0, higher is better
    distance_km: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class CitizenNeeds:
    """What the engine needs to know about a citizen."""

    latitude: float
    longitude: float
    max_distance_km: float
    needs_step_free: bool
    gender: str  # "", "woman" or "man" (Citizen.Gender)
    interests: int  # bit set, vocabulary.INTERESTS
    preferred_slots: int  # bit set, vocabulary slots; 0 means "no wishes": every time fits
    companion_needed: bool
    has_consent: bool
    # Activities this citizen already has a match with (declined ones among them): a pair
    # is proposed once, and a declined pair never again.
    excluded_activity_ids: frozenset[int] = field(default_factory=frozenset)
    waiting_days: int = 0


@dataclass(frozen=True)
class ActivityFacts:
    """What the engine needs to know about an activity and its meeting place."""

    id: int
    latitude: float
    longitude: float
    step_free: bool
    audience: str  # Activity.Audience
    interests: int
    slots: int  # vocabulary.activity_slots(weekday, start, end)
    free_seats: int | None  # None: no limit
    companion_available: bool
    organisation_id: int
    load: int = 0  # open matches of the organisation: how busy its coordinators are


@dataclass(frozen=True)
class CompanionFacts:
    """An approved volunteer who can go along the first time and has room for one more."""

    organisation_id: int
    latitude: float
    longitude: float


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
COMPANION_RADIUS_KM = 5.0  # a companion further from the citizen's home does not count


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


# -- score and reasons ---------------------------------------------------------------


def nearness_points(distance: float, max_distance: float) -> float:
    return WEIGHT_NEARNESS * max(0.0, 1.0 - distance / max_distance)


def schedule_points(preferred_slots: int, activity_slots: int) -> float:
    wished = schedule_overlap(preferred_slots, activity_slots)
    return WEIGHT_SCHEDULE * wished.bit_count() / max(1, activity_slots.bit_count())


def companion_points(
    needs: CitizenNeeds, activity: ActivityFacts, companion_km: float | None
) -> float:
    if not needs.companion_needed:
        return 0.0
    if activity.companion_available:
        return WEIGHT_COMPANION
    if companion_km is not None and companion_km <= COMPANION_RADIUS_KM:
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


def format_distance(km: float) -> str:
    """ "800 m" under a kilometre (to 100 m: homes are stored to about 100 m), else "1,2 km"."""
    if km < 0.95:
        return _("%(metres)s m") % {"metres": max(100, round(km * 10) * 100)}
    return _("%(km)s km") % {"km": formats.number_format(round(km, 1), 1)}


def _slot_label(weekday: int, part: int) -> str:
    return f"{Weekday(weekday).label} {PartOfDay(part).label}"


def reasons_for(
    needs: CitizenNeeds,
    activity: ActivityFacts,
    distance: float,
    companion_km: float | None = None,
) -> tuple[Reason, ...]:
    """Why a pair is suggested, in the order staff read them out."""
    reasons = [
        Reason(
            "distance",
            round(distance, 3),
            _("%(distance)s væk") % {"distance": format_distance(distance)},
        )
    ]
    shared = mask_to_interests(needs.interests & activity.interests)
    if shared:
        labels = ", ".join(str(INTEREST_LABELS[slug]) for slug in shared)
        reasons.append(Reason("interests", shared, _("Interesser: %(list)s") % {"list": labels}))
    slots = mask_to_slots(schedule_overlap(needs.preferred_slots, activity.slots))
    when = ", ".join(_slot_label(day, part) for day, part in slots)
    when = when[:1].upper() + when[1:]
    reasons.append(
        Reason(
            "schedule",
            [list(slot) for slot in slots],
            _("%(when)s passer") % {"when": when}
            if needs.preferred_slots
            else _("%(when)s (ingen ønsker om tidspunkt)") % {"when": when},
        )
    )
    if activity.step_free:
        reasons.append(Reason("step_free", True, _("Trinfri adgang")))
    if needs.companion_needed:
        if activity.companion_available:
            reasons.append(
                Reason("companion", {"at_activity": True}, _("En følgeven kan komme med"))
            )
        elif companion_km is not None and companion_km <= COMPANION_RADIUS_KM:
            reasons.append(
                Reason(
                    "companion",
                    {"distance_km": round(companion_km, 3)},
                    _("En følgeven bor %(distance)s væk")
                    % {"distance": format_distance(companion_km)},
                )
            )
    if needs.waiting_days >= 7:
        weeks = needs.waiting_days // 7
        reasons.append(
            Reason(
                "waiting",
                needs.waiting_days,
                ngettext("Har ventet %(weeks)d uge", "Har ventet %(weeks)d uger", weeks)
                % {"weeks": weeks},
            )
        )
    reasons.append(
        Reason(
            "load",
            activity.load,
            _("Koordinatoren har tid lige nu")
            if activity.load == 0
            else ngettext(
                "Koordinatoren har %(count)d borger i gang",
                "Koordinatoren har %(count)d borgere i gang",
                activity.load,
            )
            % {"count": activity.load},
        )
    )
    return tuple(reasons)


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


def nearest_companions_plain(
    needs: CitizenNeeds, companions: list[CompanionFacts]
) -> dict[int, float]:
    """The distance from the citizen's home to the nearest companion of each organisation."""
    if not needs.companion_needed:
        return {}
    nearest: dict[int, float] = {}
    home = (needs.latitude, needs.longitude)
    for companion in companions:
        km = distance_km(home, (companion.latitude, companion.longitude))
        if km < nearest.get(companion.organisation_id, math.inf):
            nearest[companion.organisation_id] = km
    return nearest


def nearest_companions(needs: CitizenNeeds, companions: list[CompanionFacts]) -> dict[int, float]:
    """As `nearest_companions_plain`, with the exact distance only for the few that can be
    nearest (within the approximation's margin of the approximately nearest)."""
    if not needs.companion_needed:
        return {}
    by_organisation: dict[int, list[tuple[float, CompanionFacts]]] = {}
    for companion in companions:
        approx = approximate_km(
            needs.latitude, needs.longitude, companion.latitude, companion.longitude
        )
        by_organisation.setdefault(companion.organisation_id, []).append((approx, companion))
    nearest = {}
    for organisation_id, candidates in by_organisation.items():
        reach = (
            min(a for a, _c in candidates) * (1 + APPROXIMATION_MARGIN) / (1 - APPROXIMATION_MARGIN)
        )
        nearest[organisation_id] = nearest_companions_plain(
            needs, [c for a, c in candidates if a <= reach]
        )[organisation_id]
    return nearest


def _keep_if_among_best(best, needs, activity, home, nearest, limit) -> None:
    """Measure the activity exactly; if it is within reach, keep `best` the top `limit`."""
    distance = distance_km(home, (activity.latitude, activity.longitude))
    if distance > needs.max_distance_km:
        return
    best.append(suggestion(needs, activity, distance, nearest.get(activity.organisation_id)))
    best.sort(key=_best_first)
    del best[limit:]


def _best_first(item: Suggestion) -> tuple:
    # Ties go to the nearer activity, then to the lower id: the same input gives the same list.
    return (-item.score, item.distance_km, item.activity_id)


def rank_plain(
    needs: CitizenNeeds,
    activities: list[ActivityFacts],
    companions: list[CompanionFacts] = (),
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """The reference: every activity checked and scored with the exact geodesic distance."""
    nearest = nearest_companions_plain(needs, list(companions))
    found = []
    home = (needs.latitude, needs.longitude)
    for activity in activities:
        distance = distance_km(home, (activity.latitude, activity.longitude))
        if breaks_no_rule(needs, activity, distance):
            found.append(
                suggestion(needs, activity, distance, nearest.get(activity.organisation_id))
            )
    found.sort(key=_best_first)
    return found[:limit]


# -- the fast path -------------------------------------------------------------------

# WGS84, as geopy's geodesic.
_A = 6378.137
_E2 = 6.69437999014e-3
# The local ellipsoidal approximation below stays within 0.1 % of the geodesic for the
# distances we rank (up to 50 km, away from the poles; tests/matching/test_engine.py checks
# it over Denmark). The margin is five times that, so no rule or ranking depends on it.
APPROXIMATION_MARGIN = 0.005
# Below a millimetre the relative margin means nothing (geodesic itself is not that exact
# there): lower bounds of a distance also give up this much, absolutely.
APPROXIMATION_SLACK_KM = 1e-6
_KM_PER_DEGREE_LATITUDE_MIN = 110.574  # at the equator, where a degree is shortest


def approximate_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance by the radii of curvature at the mean latitude (an ellipsoidal flat map)."""
    mean = math.radians((lat1 + lat2) / 2)
    s = math.sin(mean)
    w = 1.0 - _E2 * s * s
    meridian = _A * (1.0 - _E2) / (w * math.sqrt(w))
    normal = _A / math.sqrt(w)
    dy = meridian * math.radians(lat2 - lat1)
    dx = normal * math.cos(mean) * math.radians(lon2 - lon1)
    return math.hypot(dx, dy)


def bounding_box(
    latitude: float, longitude: float, radius_km: float
) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point that holds every place within radius_km."""
    radius = radius_km * (1 + APPROXIMATION_MARGIN)
    dlat = radius / _KM_PER_DEGREE_LATITUDE_MIN
    edge = min(89.9, abs(latitude) + dlat)
    # The narrowest degree of longitude inside the box is at its pole-ward edge.
    dlon = radius / (111.0 * math.cos(math.radians(edge)))
    return (
        latitude - dlat,
        latitude + dlat,
        longitude - min(dlon, 180.0),
        longitude + min(dlon, 180.0),
    )


def upper_bound_score(needs: CitizenNeeds, activity: ActivityFacts, approx: float) -> float:
    """A score no lower than the exact one: nearness at the shortest the distance can be."""
    nearest_possible = max(0.0, approx * (1 - APPROXIMATION_MARGIN) - APPROXIMATION_SLACK_KM)
    most_companion = WEIGHT_COMPANION if needs.companion_needed else 0.0
    return (
        nearness_points(nearest_possible, needs.max_distance_km)
        + WEIGHT_INTEREST * (needs.interests & activity.interests).bit_count()
        + schedule_points(needs.preferred_slots, activity.slots)
        + most_companion
        + waiting_points(needs.waiting_days)
        + load_points(activity.load)
    )


def rank(
    needs: CitizenNeeds,
    activities: list[ActivityFacts],
    companions: list[CompanionFacts] = (),
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """The same answer as `rank_plain`, computing few exact distances.

    Candidates are visited best upper bound first; the exact geodesic (and score) is
    computed per visited candidate, and the walk stops as soon as no unvisited candidate
    can beat the current `limit`-th best.
    """
    if not needs.has_consent or limit <= 0:
        return []
    nearest = nearest_companions(needs, list(companions))
    home = (needs.latitude, needs.longitude)
    far = needs.max_distance_km * (1 + APPROXIMATION_MARGIN)
    bounded = []
    for activity in activities:
        if not passes_rules_except_distance(needs, activity):
            continue
        approx = approximate_km(
            needs.latitude, needs.longitude, activity.latitude, activity.longitude
        )
        if approx > far:
            continue
        bounded.append((-upper_bound_score(needs, activity, approx), activity.id, activity))
    heapq.heapify(bounded)
    best: list[Suggestion] = []
    while bounded:
        negative_bound, _id, activity = heapq.heappop(bounded)
        if len(best) >= limit and -negative_bound < best[-1].score:
            break
        _keep_if_among_best(best, needs, activity, home, nearest, limit)
    return best


# -- streaming from an ordered source (the database) -----------------------------------


def order_scale(needs: CitizenNeeds) -> tuple[float, float]:
    """(km per degree of latitude, km per degree of longitude) for an ordering key.

    sqrt((ky·Δlat)² + (kx·Δlon)²) with these never exceeds the distance (by more than the
    margin) anywhere in the citizen's bounding box: both are the smallest a degree gets
    there. A database can sort by its square without trigonometry or square roots.
    """
    south, north, _west, _east = bounding_box(
        needs.latitude, needs.longitude, needs.max_distance_km
    )
    edge = min(89.9, max(abs(south), abs(north)))
    return _KM_PER_DEGREE_LATITUDE_MIN, 111.0 * math.cos(math.radians(edge))


def _most_points_beyond(needs: CitizenNeeds, shared: int, nearest_possible: float) -> float:
    """The highest score an activity with `shared` interests, at least this far, can get."""
    return (
        nearness_points(max(0.0, nearest_possible), needs.max_distance_km)
        + WEIGHT_INTEREST * shared
        + WEIGHT_SCHEDULE
        + (WEIGHT_COMPANION if needs.companion_needed else 0.0)
        + waiting_points(needs.waiting_days)
        + WEIGHT_LOAD
    )


def rank_streamed(
    needs: CitizenNeeds,
    rows,
    companions: list[CompanionFacts] = (),
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """The same answer as `rank_plain`, reading candidates only as far as needed.

    `rows` yields (shared interests, squared ordering key, ActivityFacts) sorted by shared
    interests descending, then by the key (see `order_scale`) ascending. Every row not yet
    read can score at most what the current row's level and key allow (or a whole level
    less, at no distance): once the `limit`-th best beats that, the rest is never read.
    """
    if not needs.has_consent or limit <= 0:
        return []
    nearest = nearest_companions(needs, list(companions))
    home = (needs.latitude, needs.longitude)
    far = needs.max_distance_km * (1 + APPROXIMATION_MARGIN)
    best: list[Suggestion] = []
    for shared, key, activity in rows:
        if len(best) >= limit:
            nearest_possible = max(
                0.0, math.sqrt(max(0.0, key)) * (1 - APPROXIMATION_MARGIN) - APPROXIMATION_SLACK_KM
            )
            bound = _most_points_beyond(needs, shared, nearest_possible)
            if shared > 0:
                bound = max(bound, _most_points_beyond(needs, shared - 1, 0.0))
            if best[-1].score > bound:
                break
        if not passes_rules_except_distance(needs, activity):
            continue
        approx = approximate_km(
            needs.latitude, needs.longitude, activity.latitude, activity.longitude
        )
        if approx > far:
            continue
        if len(best) >= limit and upper_bound_score(needs, activity, approx) < best[-1].score:
            continue
        _keep_if_among_best(best, needs, activity, home, nearest, limit)
    return best
