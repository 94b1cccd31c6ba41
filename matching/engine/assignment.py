"""The batch optimiser: assign many waiting citizens to activities (and companions) at once.

Pure data in, pure data out: no Django, no database. `matching/batch.py` builds the
problem from the database and writes the answer.

The objective is lexicographic, in this order:

1. **maximum cardinality**: as many citizens matched as the limits allow;
2. then **maximum total score** (scores counted in whole thousandths, see `score_points`);
3. then **longest waiting first**: among assignments equal on 1 and 2, the one whose
   matched citizens have the highest sum of waiting ranks (the longest-waiting citizen has
   the highest rank). Waiting time also counts in every score.

Limits: an activity's free seats, a companion volunteer's remaining places; a citizen who
needs a companion is matched only together with a companion of the activity's organisation
who lives within reach of the citizen and is free at all of the activity's time slots.
A pair is only ever matched along an edge the caller gave, so declined pairs, which the
caller leaves out, are never proposed.

How it is solved, cheapest first:

- **The seats as a flow.** Without the companions' places the problem is a transportation
  problem: citizens → activities → seats, a min-cost flow (OR-Tools), whose optimum is
  integral and exact for all three levels at once (maximum flow, then the least cost with
  score and waiting rank in one integer cost). A pair that needs a companion enters it only
  if some companion fits. This relaxation's optimum is also a proven bound.
- **The companions as a second stage.** The relaxation's pairs that need a companion are
  given companions by a second flow (each companion within their places). When every pair
  gets one, the relaxation's optimum is feasible, hence optimal: the usual case.
- **Where the companions bind.** Otherwise only the independent parts (citizens who share a
  limit that can bind) that the companions could not carry are solved again: a small part
  exactly as an integer programme (HiGHS via `scipy.optimize.milp`, zero gap, level 3 as a
  second stage); a large one by Lagrangian prices on the companions' places (subgradient),
  each round a flow, each round's flow repaired into a feasible answer; the best answer is
  kept and the best Lagrangian value is its proven bound.

Every solution carries a `Bound`; `Solution.gap` says how far the answer can be from the
optimum (0 when proven optimal). The result is deterministic: the problem is built in a
canonical order, and both solvers are deterministic.
"""

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from . import rules

# Branch-and-bound nodes for the waiting-time tie-break (see _solve_part).
TIE_BREAK_NODES = 2000
# A part the companions' places bind in is solved as an integer programme up to this many
# columns (a municipality's part takes HiGHS about a second), within a node budget (a count,
# not a time: the same input, the same answer) with HiGHS's dual bound as its bound beyond
# it; larger parts by Lagrangian prices.
EXACT_COLUMNS = 20_000
FIRST_STAGE_NODES = 5000
# Lagrangian rounds (each one flow), and the gap at which a part may stop early: 0.1 %
# per part keeps the whole answer within 0.1 % of its bound.
LAGRANGE_ROUNDS = 20
LAGRANGE_TARGET_GAP = 0.001

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
class Bound:
    """A proven bound: no assignment matches more than `matched` citizens, and none that
    matches exactly that many has more than `points` (thousandths of the score)."""

    matched: int
    points: int

    @property
    def score(self) -> float:
        return self.points / POINTS_PER_SCORE


@dataclass(frozen=True)
class Solution:
    assignments: tuple[Assignment, ...]
    bound: Bound | None = None

    @property
    def matched(self) -> int:
        return len(self.assignments)

    @property
    def points(self) -> int:
        return sum(score_points(a.score) for a in self.assignments)

    @property
    def score(self) -> float:
        return sum(a.score for a in self.assignments)

    @property
    def gap(self) -> float | None:
        """How far the answer can be from the optimum, relative to the bound: on the number
        matched when fewer than the bound are, else on the score (0.0: proven optimal)."""
        if self.bound is None:
            return None
        if self.matched < self.bound.matched:
            return (self.bound.matched - self.matched) / self.bound.matched
        if self.bound.points <= 0:
            return 0.0
        return max(0, self.bound.points - self.points) / self.bound.points


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


class _Column(NamedTuple):
    """One 0/1 variable: this citizen to this activity, with this companion (or none)."""

    citizen: Hashable
    activity: Hashable
    companion: Hashable
    score: float


def _columns(problem: Problem) -> list[_Column]:
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
    citizen_keys = {i: _sort_key(i) for i in seekers}
    activity_keys = {i: _sort_key(i) for i in openings}
    columns = []
    for (citizen_id, activity_id), edge in sorted(
        best.items(), key=lambda item: (citizen_keys[item[0][0]], activity_keys[item[0][1]])
    ):
        seeker, opening, score = seekers[citizen_id], openings[activity_id], edge.score
        if opening.seats is not None and opening.seats <= 0:
            continue
        if not seeker.needs_companion or edge.companion_included:
            columns.append(_Column(citizen_id, activity_id, None, score))
            continue
        for companion in reach.get((citizen_id, opening.organisation), ()):
            if companion_fits(problem, seeker, opening, companion):
                columns.append(_Column(citizen_id, activity_id, companion.id, score))
    return columns


def solve(problem: Problem) -> Solution:
    """The optimal assignment, or one within `Solution.gap` of the optimum (see the module
    docstring for what optimal means and how it is found)."""
    columns = _columns(problem)
    ranks = waiting_ranks(problem.seekers)
    seats = {o.id: o.seats for o in problem.openings}
    places = {c.id: c.places for c in problem.companions}
    pairs = _pairs(columns)
    relaxed = _flow(pairs, seats, ranks)
    companions, uncovered = _fit_companions(relaxed, pairs, places, problem.companion_km or {})
    if not uncovered:
        bound = Bound(len(relaxed), sum(pairs[key].points for key in relaxed))
        return _solution(relaxed, pairs, companions, bound)
    # The companions cannot carry the relaxation: solve again, apart, the independent parts
    # it failed in; every other part keeps its (optimal) share of the relaxation.
    parts = _independent_parts(columns, seats, places)
    part_of = {column.citizen: i for i, part in enumerate(parts) for column in part}
    failed = {part_of[citizen] for citizen, _activity in uncovered}
    chosen = [
        (citizen, activity, companions.get((citizen, activity)))
        for citizen, activity in relaxed
        if part_of[citizen] not in failed
    ]
    matched, points = len(chosen), sum(pairs[c, a].points for c, a, _v in chosen)
    for i in sorted(failed):
        part = parts[i]
        if len(part) <= EXACT_COLUMNS:
            exact, (part_matched, part_points) = _solve_part(part, ranks, seats, places)
            found = [(c.citizen, c.activity, c.companion) for c in exact]
        else:
            found, (part_matched, part_points) = _lagrangian(
                _pairs(part), seats, places, ranks, problem.companion_km or {}
            )
        # Never fewer than first-come: greedy decides each part on its own too.
        first_come = [
            (c.citizen, c.activity, c.companion) for c in _greedy(part, ranks, seats, places)
        ]
        if _value(first_come, pairs) > _value(found, pairs):
            found = first_come
        chosen.extend(found)
        matched, points = matched + part_matched, points + part_points
    return _solution(
        [(c, a) for c, a, _v in chosen],
        pairs,
        {(c, a): v for c, a, v in chosen if v is not None},
        Bound(matched, points),
    )


def _value(chosen, pairs) -> tuple[int, int]:
    return len(chosen), sum(pairs[c, a].points for c, a, _v in chosen)


@dataclass
class _Pair:
    """A citizen-activity pair: its points, and the companions who fit (None: none needed)."""

    points: int
    score: float
    companions: list | None


def _pairs(columns: list[_Column]) -> dict[tuple, _Pair]:
    pairs: dict[tuple, _Pair] = {}
    for column in columns:
        key = column.citizen, column.activity
        pair = pairs.get(key)
        if pair is None:
            pair = pairs[key] = _Pair(
                score_points(column.score),
                column.score,
                None if column.companion is None else [],
            )
        if column.companion is not None:
            pair.companions.append(column.companion)
    return pairs


def _solution(chosen, pairs, companions, bound: Bound) -> Solution:
    assignments = [
        Assignment(
            citizen, activity, pairs[citizen, activity].score, companions.get((citizen, activity))
        )
        for citizen, activity in chosen
    ]
    assignments.sort(key=lambda a: (_sort_key(a.citizen), _sort_key(a.activity)))
    return Solution(tuple(assignments), bound)


def _flow(
    pairs: dict[tuple, _Pair],
    seats,
    ranks,
    *,
    weights: Mapping[tuple, int] | None = None,
) -> list[tuple]:
    """The pairs of an optimal citizen-activity flow under the seats (companions relaxed).

    Without `weights`: lexicographic, the maximum flow and among those the least cost, with
    score and waiting rank in one integer cost. With `weights`: the most total weight, a
    citizen left out when that pays (a weight may be negative).
    """
    if not pairs:
        return []
    keys = list(pairs)  # canonical order (see _columns): the same input, the same answer
    citizens = {c: i for i, c in enumerate(dict.fromkeys(c for c, _a in keys), start=2)}
    activities = {
        a: i for i, a in enumerate(dict.fromkeys(a for _c, a in keys), start=2 + len(citizens))
    }
    source, sink = 0, 1
    n_pairs, n_citizens = len(keys), len(citizens)
    tails = np.fromiter((citizens[c] for c, _a in keys), dtype=np.int32, count=n_pairs)
    heads = np.fromiter((activities[a] for _c, a in keys), dtype=np.int32, count=n_pairs)
    if weights is None:
        # Level 3 below level 2: one point outweighs any sum of waiting ranks.
        per_point = len(ranks) * (len(ranks) + 1) // 2 + 1
        costs = np.fromiter(
            (-(pair.points * per_point + ranks[c]) for (c, _a), pair in pairs.items()),
            dtype=np.int64,
            count=n_pairs,
        )
    else:
        costs = np.fromiter((-weights[key] for key in keys), dtype=np.int64, count=n_pairs)
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails, heads, np.ones(n_pairs, dtype=np.int64), costs
    )
    citizen_nodes = np.fromiter(citizens.values(), dtype=np.int32, count=n_citizens)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n_citizens, source, dtype=np.int32),
        citizen_nodes,
        np.ones(n_citizens, dtype=np.int64),
        np.zeros(n_citizens, dtype=np.int64),
    )
    wanted = defaultdict(int)
    for _citizen, activity in keys:
        wanted[activity] += 1
    flow.add_arcs_with_capacity_and_unit_cost(
        np.fromiter(activities.values(), dtype=np.int32, count=len(activities)),
        np.full(len(activities), sink, dtype=np.int32),
        np.array(
            [wanted[a] if seats[a] is None else min(seats[a], wanted[a]) for a in activities],
            dtype=np.int64,
        ),
        np.zeros(len(activities), dtype=np.int64),
    )
    flow.set_node_supply(source, n_citizens)
    flow.set_node_supply(sink, -n_citizens)
    if weights is None:
        status = flow.solve_max_flow_with_min_cost()
    else:
        # Everyone flows, to the sink directly when left out.
        flow.add_arcs_with_capacity_and_unit_cost(
            citizen_nodes,
            np.full(n_citizens, sink, dtype=np.int32),
            np.ones(n_citizens, dtype=np.int64),
            np.zeros(n_citizens, dtype=np.int64),
        )
        status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the flow solver failed: {status}")
    used = flow.flows(pair_arcs)
    return [keys[j] for j in np.flatnonzero(used)]


def _fit_companions(chosen, pairs, places, km) -> tuple[dict, list]:
    """Companions for the chosen pairs that need one, as many as their places allow (a flow;
    the nearer companion where there is a choice). Returns (pair -> companion, the pairs
    left without one)."""
    needing = [key for key in chosen if pairs[key].companions is not None]
    if not needing:
        return {}, []
    companions = {
        v: i
        for i, v in enumerate(
            dict.fromkeys(v for key in needing for v in pairs[key].companions),
            start=2 + len(needing),
        )
    }
    tails, heads, costs = [], [], []
    for i, key in enumerate(needing, start=2):
        for v in pairs[key].companions:
            tails.append(i)
            heads.append(companions[v])
            costs.append(round(km.get((key[0], v), 0.0) * 1000))
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.ones(len(tails), dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(needing), dtype=np.int32),
        np.arange(2, 2 + len(needing), dtype=np.int32),
        np.ones(len(needing), dtype=np.int64),
        np.zeros(len(needing), dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.fromiter(companions.values(), dtype=np.int32, count=len(companions)),
        np.ones(len(companions), dtype=np.int32),
        np.array([places[v] for v in companions], dtype=np.int64),
        np.zeros(len(companions), dtype=np.int64),
    )
    flow.set_node_supply(0, len(needing))
    flow.set_node_supply(1, -len(needing))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the flow solver failed: {status}")
    owner = list(companions)
    first = 2 + len(needing)
    fitted = {
        needing[tails[j] - 2]: owner[heads[j] - first] for j in np.flatnonzero(flow.flows(arcs))
    }
    return fitted, [key for key in needing if key not in fitted]


def _lagrangian(pairs: dict[tuple, _Pair], seats, places, ranks, km) -> tuple[list, tuple]:
    """A large part whose companions bind: Lagrangian prices on the companions' places.

    Each round relaxes the places into prices and solves the rest as a flow (weight: one
    match is worth more than all points together, plus the pair's points, minus the price
    of its cheapest fitting companion); the round's value plus the prices times the places
    bounds the optimum. Each round's flow, given companions and refilled (`_repair`), is a
    feasible answer. The prices follow the subgradient (Polyak's step) until the answer
    meets the bound or the rounds run out. Returns (answer, (matched, points) bound).
    """
    best_points: dict = defaultdict(int)
    for (citizen, _activity), pair in pairs.items():
        best_points[citizen] = max(best_points[citizen], pair.points)
    one_match = sum(best_points.values()) + 1
    prices = dict.fromkeys((v for pair in pairs.values() for v in pair.companions or ()), 0)
    upper, lower, answer = None, -1, []
    step_scale, stalled = 1.0, 0
    # The refill's order, best pair first (as greedy), the same in every round.
    refill = sorted(pairs.items(), key=lambda item: (-item[1].points, -ranks[item[0][0]]))
    for _round in range(LAGRANGE_ROUNDS):
        cheapest = {
            key: min(pair.companions, key=prices.__getitem__)
            for key, pair in pairs.items()
            if pair.companions
        }
        weights = {
            key: one_match + pair.points - (prices[cheapest[key]] if key in cheapest else 0)
            for key, pair in pairs.items()
        }
        relaxed = _flow(pairs, seats, ranks, weights=weights)
        value = sum(weights[key] for key in relaxed) + sum(
            price * places[v] for v, price in prices.items()
        )
        if upper is None or value < upper:
            upper, stalled = value, 0
        else:
            stalled += 1
            if stalled >= 3:
                step_scale, stalled = step_scale / 2, 0
        found = _repair(relaxed, pairs, refill, seats, places, km)
        found_value = one_match * len(found) + sum(pairs[c, a].points for c, a, _v in found)
        if found_value > lower:
            lower, answer = found_value, found
        if upper - lower <= 0 or _decoded_gap(upper, lower, one_match) <= LAGRANGE_TARGET_GAP:
            break
        used = defaultdict(int)
        for key in relaxed:
            if key in cheapest:
                used[cheapest[key]] += 1
        slack = {v: places[v] - used[v] for v in prices}
        # Prices at zero with room to spare cannot fall: they do not move the step.
        moving = {v: g for v, g in slack.items() if g < 0 or prices[v] > 0}
        norm = sum(g * g for g in moving.values())
        if norm == 0:
            break
        step = step_scale * (value - lower) / norm
        for v, g in moving.items():
            prices[v] = max(0, round(prices[v] - step * g))
    matched = upper // one_match
    return answer, (matched, upper - matched * one_match)


def _decoded_gap(upper: int, lower: int, one_match: int) -> float:
    matched_bound, matched = upper // one_match, lower // one_match
    if matched < matched_bound:
        return (matched_bound - matched) / matched_bound
    points_bound = upper - matched_bound * one_match
    return (points_bound - (lower - matched * one_match)) / max(1, points_bound)


def _repair(relaxed, pairs, refill, seats, places, km) -> list[tuple]:
    """A feasible answer from a relaxed flow: companions given by `_fit_companions`, then
    the citizens left out placed best pair first where a seat and a companion are free."""
    companions, uncovered = _fit_companions(relaxed, pairs, places, km)
    dropped = set(uncovered)
    chosen = [(c, a, companions.get((c, a))) for c, a in relaxed if (c, a) not in dropped]
    seats_left = {a: s for a, s in seats.items() if s is not None}
    places_left = dict(places)
    matched = set()
    for citizen, activity, companion in chosen:
        matched.add(citizen)
        if activity in seats_left:
            seats_left[activity] -= 1
        if companion is not None:
            places_left[companion] -= 1
    for (citizen, activity), pair in refill:
        if citizen in matched or seats_left.get(activity, 1) <= 0:
            continue
        companion = None
        if pair.companions is not None:
            free = [v for v in pair.companions if places_left[v] > 0]
            if not free:
                continue
            companion = min(free, key=lambda v: km.get((citizen, v), 0.0))
            places_left[companion] -= 1
        if activity in seats_left:
            seats_left[activity] -= 1
        matched.add(citizen)
        chosen.append((citizen, activity, companion))
    return chosen


def _independent_parts(columns: list[_Column], seats, places) -> list[list[_Column]]:
    """Group the columns into parts that share no limit that can bind (connected
    components of citizens and the limits more citizens want than they allow)."""
    wanting: dict[tuple, set] = defaultdict(set)
    for column in columns:
        wanting["a", column.activity].add(column.citizen)
        if column.companion is not None:
            wanting["v", column.companion].add(column.citizen)
    nodes: dict = {}
    for column in columns:
        nodes.setdefault(("c", column.citizen), len(nodes))
    for (kind, id_), citizens in wanting.items():
        limit = seats[id_] if kind == "a" else places[id_]
        if limit is not None and limit < len(citizens):
            nodes[kind, id_] = len(nodes)
    tails, heads = [], []
    for column in columns:
        citizen = nodes["c", column.citizen]
        for key in (("a", column.activity), ("v", column.companion)):
            if key in nodes:
                tails.append(citizen)
                heads.append(nodes[key])
    graph = sparse.coo_array(
        (np.ones(len(tails)), (np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64))),
        shape=(len(nodes), len(nodes)),
    )
    _count, labels = connected_components(graph, directed=False)
    parts: dict = defaultdict(list)
    for column in columns:
        parts[labels[nodes["c", column.citizen]]].append(column)
    return list(parts.values())


def _solve_part(columns: list[_Column], ranks, seats, places) -> tuple[list[_Column], tuple]:
    """The part as an integer programme: the chosen columns, and the (matched, points)
    bound (the optimum itself, or HiGHS's dual bound if the node budget ran out)."""
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
    x, upper = _maximise(objectives[0], constraints, n, node_limit=FIRST_STAGE_NODES)
    best = round(float(objectives[0] @ x))
    bound_matched = upper // int(one_match)
    bound = (bound_matched, upper - bound_matched * int(one_match))
    # The tie-break may not give up any of the first stage's optimum. It searches a fixed
    # number of branch-and-bound nodes (a count, not a time, so the answer stays the same
    # for the same input): proven optimal on small parts, the best found on huge ones.
    constraints.append(LinearConstraint(objectives[0].reshape(1, -1), best, np.inf))
    tie_broken, _upper = _maximise(objectives[1], constraints, n, node_limit=TIE_BREAK_NODES)
    if round(float(objectives[0] @ tie_broken)) >= best:
        x = tie_broken
    return [columns[j] for j in range(n) if x[j] > 0.5], bound


def _maximise(
    objective: np.ndarray, constraints: list, n: int, *, node_limit: int | None = None
) -> tuple[np.ndarray, int]:
    """The best x found, and an integer upper bound on the objective (HiGHS's dual bound;
    the optimum itself when proven)."""
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
    x = np.round(result.x)
    if result.status == 0:
        return x, round(float(objective @ x))
    # The objective's coefficients are integers: so is the optimum, below the dual bound.
    return x, math.floor(-result.mip_dual_bound + 1e-6)


def greedy(problem: Problem) -> Solution:
    """The first-come baseline: best score first, longest waiting first on ties, each pair
    taken if its limits still allow. Used by the benchmark and the tests, never to propose."""
    seats = {o.id: o.seats for o in problem.openings}
    places = {c.id: c.places for c in problem.companions}
    taken = _greedy(_columns(problem), waiting_ranks(problem.seekers), seats, places)
    return Solution(tuple(Assignment(c.citizen, c.activity, c.score, c.companion) for c in taken))


def _greedy(columns: list[_Column], ranks, seats, places) -> list[_Column]:
    seats, places = dict(seats), dict(places)
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
        taken.append(column)
    return taken
