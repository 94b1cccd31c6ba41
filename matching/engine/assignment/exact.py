"""Small parts whose companions bind: an exact integer programme (HiGHS through scipy), and
the split of a problem into independent parts."""

import math
from collections import defaultdict

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from .problem import Column, score_points

# Branch-and-bound nodes for the waiting-time tie-break (see solve_exactly).
TIE_BREAK_NODES = 2000
FIRST_STAGE_NODES = 5000


def independent_parts(columns: list[Column], seats, places) -> list[list[Column]]:
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


def solve_exactly(columns: list[Column], ranks, seats, places) -> tuple[list[Column], tuple]:
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
    x, upper = maximise(objectives[0], constraints, n, node_limit=FIRST_STAGE_NODES)
    best = round(float(objectives[0] @ x))
    bound_matched = upper // int(one_match)
    bound = (bound_matched, upper - bound_matched * int(one_match))
    # The tie-break may not give up any of the first stage's optimum. It searches a fixed
    # number of branch-and-bound nodes (a count, not a time, so the answer stays the same
    # for the same input): proven optimal on small parts, the best found on huge ones.
    constraints.append(LinearConstraint(objectives[0].reshape(1, -1), best, np.inf))
    tie_broken, _upper = maximise(objectives[1], constraints, n, node_limit=TIE_BREAK_NODES)
    if round(float(objectives[0] @ tie_broken)) >= best:
        x = tie_broken
    return [columns[j] for j in range(n) if x[j] > 0.5], bound


def maximise(
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
