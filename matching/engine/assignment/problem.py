"""The problem the batch optimiser solves: waiting citizens, activities with seats,
companions with places and the scored pairs between them, in a canonical order."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .. import rules

# Scores are compared in whole thousandths, so that ties are real ties, not float noise.
POINTS_PER_SCORE = 1000


@dataclass(frozen=True)
class Seeker:
    """A waiting citizen: `waited` is how long they have waited (any unit, larger = longer)."""

    id: Hashable
    waited: float
    needs_companion: bool = False


@dataclass(frozen=True)
class Opening:
    """An activity with `seats` free seats (None = no limit) held at `slots` (a slot set)."""

    id: Hashable
    seats: int | None
    slots: int
    organisation: Hashable = None


@dataclass(frozen=True)
class Companion:
    """A volunteer who can go along: `places` is how many more citizens they can take."""

    id: Hashable
    places: int
    availability: int
    organisation: Hashable = None


@dataclass(frozen=True)
class Edge:
    """A citizen-activity pair that passed every hard rule, with its score."""

    citizen: Hashable
    activity: Hashable
    score: float
    # The activity brings its own companion (Activity.companion_available): a citizen who
    # needs one is served without a volunteer companion.
    companion_included: bool = False


@dataclass(frozen=True)
class Problem:
    seekers: Sequence[Seeker]
    openings: Sequence[Opening]
    edges: Sequence[Edge]
    companions: Sequence[Companion] = ()
    # Distance in km from a citizen to a companion volunteer's home area, for the pairs
    # the caller found near each other; a pair that is missing is out of reach.
    companion_km: Mapping[tuple[Hashable, Hashable], float] = None


def score_points(score: float) -> int:
    return round(score * POINTS_PER_SCORE)


def waiting_ranks(seekers: Iterable[Seeker]) -> dict[Hashable, int]:
    """Rank 1 for the shortest wait up to n for the longest; equal waits share no rank:
    the id breaks them, so the order is total and the result deterministic."""
    ordered = sorted(seekers, key=lambda s: (s.waited, sort_key(s.id)))
    return {seeker.id: rank for rank, seeker in enumerate(ordered, start=1)}


def companion_fits(problem: Problem, seeker: Seeker, opening: Opening, companion: Companion):
    """Whether `companion` can go along with `seeker` to `opening` (rules.companion_fits)."""
    return rules.companion_fits(
        km=(problem.companion_km or {}).get((seeker.id, companion.id)),
        places=companion.places,
        availability=companion.availability,
        organisation_id=companion.organisation,
        activity_slots=opening.slots,
        activity_organisation_id=opening.organisation,
    )


def sort_key(value) -> tuple[str, str]:
    # Ids may be ints, UUIDs or strings; sorting by type name and text is total and stable.
    return (type(value).__name__, str(value))


class Column(NamedTuple):
    """One 0/1 variable: this citizen to this activity, with this companion (or none)."""

    citizen: Hashable
    activity: Hashable
    companion: Hashable
    score: float


def columns_of(problem: Problem) -> list[Column]:
    seekers = {s.id: s for s in problem.seekers}
    openings = {o.id: o for o in problem.openings}
    companions = {c.id: c for c in problem.companions}
    # Each citizen's companions within reach, by organisation (a companion goes along only
    # to their own organisation's activities), in canonical order: only those are tried.
    reach: dict[tuple[Hashable, Hashable], list[Companion]] = defaultdict(list)
    for citizen_id, companion_id in problem.companion_km or {}:
        if citizen_id in seekers and companion_id in companions:
            companion = companions[companion_id]
            reach[citizen_id, companion.organisation].append(companion)
    for nearby in reach.values():
        nearby.sort(key=lambda c: sort_key(c.id))
    best: dict[tuple[Hashable, Hashable], Edge] = {}
    for edge in problem.edges:
        if edge.citizen not in seekers or edge.activity not in openings:
            continue
        if score_points(edge.score) < 0:
            raise ValueError(f"negative score on {edge}")
        key = (edge.citizen, edge.activity)
        if key not in best or edge.score > best[key].score:
            best[key] = edge
    citizen_keys = {i: sort_key(i) for i in seekers}
    activity_keys = {i: sort_key(i) for i in openings}
    columns = []
    for (citizen_id, activity_id), edge in sorted(
        best.items(), key=lambda item: (citizen_keys[item[0][0]], activity_keys[item[0][1]])
    ):
        seeker, opening, score = seekers[citizen_id], openings[activity_id], edge.score
        if opening.seats is not None and opening.seats <= 0:
            continue
        if not seeker.needs_companion or edge.companion_included:
            columns.append(Column(citizen_id, activity_id, None, score))
            continue
        for companion in reach.get((citizen_id, opening.organisation), ()):
            if companion_fits(problem, seeker, opening, companion):
                columns.append(Column(citizen_id, activity_id, companion.id, score))
    return columns


@dataclass
class Pair:
    """A citizen-activity pair: its points, and the companions who fit (None: none needed)."""

    points: int
    score: float
    companions: list | None


def pairs_of(columns: list[Column]) -> dict[tuple, Pair]:
    pairs: dict[tuple, Pair] = {}
    for column in columns:
        key = column.citizen, column.activity
        pair = pairs.get(key)
        if pair is None:
            pair = pairs[key] = Pair(
                score_points(column.score),
                column.score,
                None if column.companion is None else [],
            )
        if column.companion is not None:
            pair.companions.append(column.companion)
    return pairs
