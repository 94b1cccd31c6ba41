"""The two min-cost flows: citizens to seats (companions relaxed), then companions to the
chosen pairs that need one."""

from collections import defaultdict
from collections.abc import Mapping

import numpy as np
from ortools.graph.python import min_cost_flow

from .problem import Pair


def seat_flow(
    pairs: dict[tuple, Pair],
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
    keys = list(pairs)  # canonical order (see columns_of): the same input, the same answer
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


def fit_companions(chosen, pairs, places, km) -> tuple[dict, list]:
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
