"""The batch optimiser: assign many waiting citizens to activities (and companions) at once.

Pure data in, pure data out: no Django, no database. `matching/batch.py` builds the
problem from the database and writes the answer.

The objective is lexicographic, in this order:

1. **maximum cardinality**: as many citizens matched as the limits allow;
2. then **maximum total score** (scores counted in whole thousandths, see `score_points`);
3. then **longest waiting first**: among assignments equal on 1 and 2, the one whose
   matched citizens have the highest sum of waiting ranks (the longest-waiting citizen has
   the highest rank). Levels 1 and 2 are always proven optimal; level 3 is searched within
   a fixed node budget, which proves it on any municipality-sized part (and in the tests)
   and keeps national-scale runs bounded. Waiting time also counts in every score.

Limits: an activity's free seats, a companion volunteer's remaining places; a citizen who
needs a companion is matched only together with a companion of the activity's organisation
who lives within reach of the citizen and is free at all of the activity's time slots.
A pair is only ever matched along an edge the caller gave, so declined pairs, which the
caller leaves out, are never proposed.

Without companions the problem is a transportation problem (a min-cost flow); the
companion makes it a three-sided matching, which no flow captures. So it is solved as an
integer programme with HiGHS (`scipy.optimize.milp`) at zero optimality gap; every
objective has integer coefficients, so the optimum found is exact. Levels 1 and 2 are one weighted
objective; level 3 is a second stage that keeps the first stage's optimum as a constraint.
Independent parts (citizens who share no binding limit) are solved apart. The result is
deterministic: the problem is built in a canonical order and HiGHS is deterministic.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from . import rules

# Branch-and-bound nodes for the waiting-time tie-break (see _solve_part).
TIE_BREAK_NODES = 2000

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


@dataclass(frozen=True)
class Assignment:
    citizen: Hashable
    activity: Hashable
    score: float
    companion: Hashable = None


@dataclass(frozen=True)
class Solution:
    assignments: tuple[Assignment, ...]

    @property
    def matched(self) -> int:
        return len(self.assignments)

    @property
    def points(self) -> int:
        return sum(score_points(a.score) for a in self.assignments)

    @property
    def score(self) -> float:
        return sum(a.score for a in self.assignments)


def score_points(score: float) -> int:
    return round(score * POINTS_PER_SCORE)


def waiting_ranks(seekers: Iterable[Seeker]) -> dict[Hashable, int]:
    """Rank 1 for the shortest wait up to n for the longest; equal waits share no rank:
    the id breaks them, so the order is total and the result deterministic."""
    ordered = sorted(seekers, key=lambda s: (s.waited, _sort_key(s.id)))
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


def _sort_key(value) -> tuple[str, str]:
    # Ids may be ints, UUIDs or strings; sorting by type name and text is total and stable.
    return (type(value).__name__, str(value))


@dataclass(frozen=True)
class _Column:
    """One 0/1 variable: this citizen to this activity, with this companion (or none)."""

    citizen: Hashable
    activity: Hashable
    companion: Hashable
    score: float


def _columns(problem: Problem) -> list[_Column]:
    seekers = {s.id: s for s in problem.seekers}
    openings = {o.id: o for o in problem.openings}
    companions = {c.id: c for c in problem.companions}
    # Each citizen's companions within reach, in canonical order: only those are tried.
    reach: dict[Hashable, list[Companion]] = defaultdict(list)
    for citizen_id, companion_id in problem.companion_km or {}:
        if citizen_id in seekers and companion_id in companions:
            reach[citizen_id].append(companions[companion_id])
    for nearby in reach.values():
        nearby.sort(key=lambda c: _sort_key(c.id))
    best: dict[tuple[Hashable, Hashable], Edge] = {}
    for edge in problem.edges:
        if edge.citizen not in seekers or edge.activity not in openings:
            continue
        if score_points(edge.score) < 0:
            raise ValueError(f"negative score on {edge}")
        key = (edge.citizen, edge.activity)
        if key not in best or edge.score > best[key].score:
            best[key] = edge
    columns = []
    for (citizen_id, activity_id), edge in sorted(
        best.items(), key=lambda item: (_sort_key(item[0][0]), _sort_key(item[0][1]))
    ):
        seeker, opening, score = seekers[citizen_id], openings[activity_id], edge.score
        if opening.seats is not None and opening.seats <= 0:
            continue
        if not seeker.needs_companion or edge.companion_included:
            columns.append(_Column(citizen_id, activity_id, None, score))
            continue
        for companion in reach.get(citizen_id, ()):
            if companion_fits(problem, seeker, opening, companion):
                columns.append(_Column(citizen_id, activity_id, companion.id, score))
    return columns


def solve(problem: Problem) -> Solution:
    """The optimal assignment (see the module docstring for what optimal means).

    Citizens who share no limit that could bind (a seat or a companion's place that more
    citizens could want than there are) cannot affect each other, so the problem splits
    into independent parts, solved one by one: the sum of the parts' lexicographic optima
    is the whole's, level by level.
    """
    columns = _columns(problem)
    ranks = waiting_ranks(problem.seekers)
    seats = {o.id: o.seats for o in problem.openings}
    places = {c.id: c.places for c in problem.companions}
    chosen: list[_Column] = []
    for part in _independent_parts(columns, seats, places):
        if len({column.citizen for column in part}) == 1:
            # One citizen alone: the best pair (the first of equals, in canonical order).
            chosen.append(max(part, key=lambda c: (score_points(c.score), -part.index(c))))
        else:
            chosen.extend(_solve_part(part, ranks, seats, places))
    chosen.sort(key=lambda c: (_sort_key(c.citizen), _sort_key(c.activity)))
    return Solution(tuple(Assignment(c.citizen, c.activity, c.score, c.companion) for c in chosen))


def _independent_parts(columns: list[_Column], seats, places) -> list[list[_Column]]:
    """Group the columns into parts that share no limit that can bind (union-find)."""
    wanting: dict[tuple, set] = defaultdict(set)
    for column in columns:
        wanting["a", column.activity].add(column.citizen)
        if column.companion is not None:
            wanting["v", column.companion].add(column.citizen)
    parent: dict = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def binding(key) -> bool:
        kind, id_ = key
        limit = seats[id_] if kind == "a" else places[id_]
        return limit is not None and limit < len(wanting[key])

    for column in columns:
        citizen = find(("c", column.citizen))
        for key in (("a", column.activity), ("v", column.companion)):
            if key[1] is not None and binding(key):
                parent[find(key)] = citizen
    parts: dict = defaultdict(list)
    for column in columns:
        parts[find(("c", column.citizen))].append(column)
    return list(parts.values())


def _solve_part(columns: list[_Column], ranks, seats, places) -> list[_Column]:
    n = len(columns)
    # One row per limit: each citizen at most once, each activity within its seats, each
    # companion within their places.
    rows: list[tuple[list[int], int]] = []
    by_citizen, by_activity, by_companion = defaultdict(list), defaultdict(list), defaultdict(list)
    for j, column in enumerate(columns):
        by_citizen[column.citizen].append(j)
        by_activity[column.activity].append(j)
        if column.companion is not None:
            by_companion[column.companion].append(j)
    rows.extend((js, 1) for js in by_citizen.values())
    rows.extend(
        (js, seats[a])
        for a, js in by_activity.items()
        if seats[a] is not None and seats[a] < len(js)
    )
    rows.extend((js, places[v]) for v, js in by_companion.items() if places[v] < len(js))

    data, indices, indptr, upper = [], [], [0], []
    for js, limit in rows:
        indices.extend(js)
        data.extend([1.0] * len(js))
        indptr.append(len(indices))
        upper.append(limit)
    limits = sparse.csr_array((data, indices, indptr), shape=(len(rows), n))
    constraints = [LinearConstraint(limits, -np.inf, np.array(upper, dtype=float))]

    points = np.array([score_points(c.score) for c in columns], dtype=float)
    # Levels 1 and 2 in one stage: one more match is worth more than any total of points
    # (the weight exceeds the most points all citizens together could bring). Every value
    # stays an integer far below 2**53, so floating point holds it exactly.
    best_per_citizen = defaultdict(float)
    for column, value in zip(columns, points, strict=True):
        best_per_citizen[column.citizen] = max(best_per_citizen[column.citizen], value)
    one_match = sum(best_per_citizen.values()) + 1
    objectives = [
        one_match + points,
        np.array([ranks[c.citizen] for c in columns], dtype=float),
    ]
    x = _maximise(objectives[0], constraints, n)
    best = round(float(objectives[0] @ x))
    # The tie-break may not give up any of the first stage's optimum. It searches a fixed
    # number of branch-and-bound nodes (a count, not a time, so the answer stays the same
    # for the same input): proven optimal on small parts, the best found on huge ones.
    constraints.append(LinearConstraint(objectives[0].reshape(1, -1), best, np.inf))
    tie_broken = _maximise(objectives[1], constraints, n, node_limit=TIE_BREAK_NODES)
    if round(float(objectives[0] @ tie_broken)) >= best:
        x = tie_broken
    return [columns[j] for j in range(n) if x[j] > 0.5]


def _maximise(
    objective: np.ndarray, constraints: list, n: int, *, node_limit: int | None = None
) -> np.ndarray:
    options = {"mip_rel_gap": 0.0, "disp": False}  # the optimum, not one within 0.01 %
    if node_limit is not None:
        options["node_limit"] = node_limit
    result = milp(
        -objective,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=constraints,
        options=options,
    )
    stopped_early = node_limit is not None and result.status == 1 and result.x is not None
    if (result.status != 0 and not stopped_early) or result.x is None:
        # Every stage is feasible (all zeros is), so this is a solver failure, not bad input.
        raise RuntimeError(f"the optimiser failed: {result.message}")
    return np.round(result.x)


def greedy(problem: Problem) -> Solution:
    """The first-come baseline: best score first, longest waiting first on ties, each pair
    taken if its limits still allow. Used by the benchmark and the tests, never to propose."""
    columns = _columns(problem)
    ranks = waiting_ranks(problem.seekers)
    seats = {o.id: o.seats for o in problem.openings}
    places = {c.id: c.places for c in problem.companions}
    matched: set[Hashable] = set()
    taken = []
    for column in sorted(columns, key=lambda c: (-score_points(c.score), -ranks[c.citizen])):
        if column.citizen in matched:
            continue
        if seats[column.activity] is not None and seats[column.activity] <= 0:
            continue
        if column.companion is not None and places[column.companion] <= 0:
            continue
        matched.add(column.citizen)
        if seats[column.activity] is not None:
            seats[column.activity] -= 1
        if column.companion is not None:
            places[column.companion] -= 1
        taken.append(Assignment(column.citizen, column.activity, column.score, column.companion))
    return Solution(tuple(taken))
