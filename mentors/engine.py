"""Ranking mentors for a relative's request: plain data in, plain data out, like
`matching.engine` for citizens and activities (same distances, slots and wording).

Hard rules: a way of meeting both want; when the only such ways are in person, the mentor
lives within IN_PERSON_RADIUS_KM; a free place. The score adds shared situation (the same
relation, the same illness), the way of meeting (distance counts only in person), the time
both can, and how few relatives the mentor already has.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching.engine import format_distance
from matching.engine.rules import schedule_overlap
from meetingplaces.geo import distance_km
from meetingplaces.vocabulary import PartOfDay, Weekday, mask_to_slots

from .vocabulary import IN_PERSON, REMOTE, Illness, Relation, ways_text

# A mentor meets in person only this far from the relative's home area.
IN_PERSON_RADIUS_KM = 20.0

# The shared situation counts most: that is what the relatives asked for.
WEIGHT_ILLNESS = 3.0
WEIGHT_RELATION = 2.0
WEIGHT_WAY = 1.5  # all of it for phone or video; in person, less the farther away
WEIGHT_TIME = 1.0
WEIGHT_LOAD = 1.0  # all of it for a mentor with no relative yet


@dataclass(frozen=True)
class RequestFacts:
    relation: str
    illness: str
    ways: int  # vocabulary.Way bits
    slots: int  # vocabulary weekly slots; 0: no wishes, every time fits
    latitude: float
    longitude: float


@dataclass(frozen=True)
class MentorFacts:
    id: int
    relation: str
    illness: str
    ways: int
    slots: int  # 0: no times given, taken as "by agreement"
    latitude: float
    longitude: float
    load: int = 0  # relatives the mentor has now
    places: int = 1  # max_relatives minus load


@dataclass(frozen=True)
class Reason:
    kind: str
    value: object
    text: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "text": self.text}


@dataclass(frozen=True)
class MentorSuggestion:
    mentor_id: int
    score: float
    distance_km: float
    reasons: tuple[Reason, ...]


def distance_between(request: RequestFacts, mentor: MentorFacts) -> float:
    return distance_km((request.latitude, request.longitude), (mentor.latitude, mentor.longitude))


def misfit(request: RequestFacts, mentor: MentorFacts, distance: float) -> str | None:
    """The first hard rule the pair breaks ("way", "distance", "places"), or None: the one
    eligibility rule for suggestions and for accepting."""
    shared = request.ways & mentor.ways
    if not shared:
        return "way"
    if not shared & REMOTE and distance > IN_PERSON_RADIUS_KM:
        return "distance"
    if mentor.places <= 0:
        return "places"
    return None


def way_points(shared_ways: int, distance: float) -> float:
    """Phone or video: the whole weight wherever the mentor lives; in person: less with
    the distance."""
    if shared_ways & REMOTE:
        return WEIGHT_WAY
    if shared_ways & IN_PERSON:
        return WEIGHT_WAY * max(0.0, 1.0 - distance / IN_PERSON_RADIUS_KM)
    return 0.0


def time_points(wished: int, available: int) -> float:
    if not wished or not available:
        return WEIGHT_TIME
    return WEIGHT_TIME * (wished & available).bit_count() / wished.bit_count()


def load_points(load: int) -> float:
    return WEIGHT_LOAD / (1.0 + max(0, load))


def score(request: RequestFacts, mentor: MentorFacts, distance: float) -> float:
    return (
        WEIGHT_RELATION * (request.relation == mentor.relation)
        + WEIGHT_ILLNESS * (request.illness == mentor.illness)
        + way_points(request.ways & mentor.ways, distance)
        + time_points(request.slots, mentor.slots)
        + load_points(mentor.load)
    )


def _slots_text(mask: int) -> str:
    text = ", ".join(f"{Weekday(d).label} {PartOfDay(p).label}" for d, p in mask_to_slots(mask))
    return text[:1].upper() + text[1:]


def reasons_for(request: RequestFacts, mentor: MentorFacts, distance: float) -> tuple[Reason, ...]:
    """Why the mentor is suggested, in plain Danish, in the order a coordinator reads them."""
    reasons = []
    if request.relation == mentor.relation:
        reasons.append(
            Reason(
                "relation",
                mentor.relation,
                _("Har selv været pårørende som %(relation)s")
                % {"relation": Relation(mentor.relation).label},
            )
        )
    if request.illness == mentor.illness:
        reasons.append(
            Reason(
                "illness",
                mentor.illness,
                _("Kender til %(illness)s") % {"illness": Illness(mentor.illness).label},
            )
        )
    shared = request.ways & mentor.ways
    parts = []
    if shared & REMOTE:
        parts.append(ways_text(shared & REMOTE))
    in_person = shared & IN_PERSON if distance <= IN_PERSON_RADIUS_KM else 0
    if in_person:
        parts.append(
            _("%(ways)s (%(distance)s væk)")
            % {"ways": ways_text(in_person), "distance": format_distance(distance)}
        )
    value = {"ways": shared & REMOTE | in_person}
    if in_person:
        value["distance_km"] = round(distance, 1)
    reasons.append(
        Reason("way", value, _("Kan mødes ved %(ways)s") % {"ways": _(" eller ").join(parts)})
    )
    if request.slots and mentor.slots:
        both = schedule_overlap(request.slots, mentor.slots)
        if both:
            reasons.append(Reason("time", both, _("%(when)s passer") % {"when": _slots_text(both)}))
        else:
            reasons.append(Reason("time", 0, _("Ingen fælles tider: aftales direkte")))
    reasons.append(
        Reason(
            "load",
            mentor.load,
            _("Har tid lige nu")
            if mentor.load == 0
            else ngettext(
                "Har %(count)d pårørende i gang",
                "Har %(count)d pårørende i gang",
                mentor.load,
            )
            % {"count": mentor.load},
        )
    )
    return tuple(reasons)


def rank(request: RequestFacts, mentors, *, limit: int | None = None) -> list[MentorSuggestion]:
    """The mentors who break no hard rule, best first (ties: the lower id first, so the
    same input always gives the same order)."""
    found = []
    for mentor in mentors:
        distance = distance_between(request, mentor)
        if misfit(request, mentor, distance) is not None:
            continue
        found.append(
            MentorSuggestion(
                mentor_id=mentor.id,
                score=round(score(request, mentor, distance), 6),
                distance_km=distance,
                reasons=reasons_for(request, mentor, distance),
            )
        )
    found.sort(key=lambda s: (-s.score, s.mentor_id))
    return found[:limit] if limit is not None else found
