"""Large parts whose companions bind: Lagrangian prices on the companions' places, each
round a flow repaired into a feasible answer."""

from collections import defaultdict

from .flow import fit_companions, seat_flow
from .problem import Pair

# Lagrangian rounds (each one flow), and the gap at which a part may stop early: 0.1 %
# per part keeps the whole answer within 0.1 % of its bound.
LAGRANGE_ROUNDS = 20
LAGRANGE_TARGET_GAP = 0.001


def solve_by_prices(pairs: dict[tuple, Pair], seats, places, ranks, km) -> tuple[list, tuple]:
    """A large part whose companions bind: Lagrangian prices on the companions' places.

    Each round relaxes the places into prices and solves the rest as a flow (weight: one
    match is worth more than all points together, plus the pair's points, minus the price
    of its cheapest fitting companion); the round's value plus the prices times the places
    bounds the optimum. Each round's flow, given companions and refilled (`repair`), is a
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
        relaxed = seat_flow(pairs, seats, ranks, weights=weights)
        value = sum(weights[key] for key in relaxed) + sum(
            price * places[v] for v, price in prices.items()
        )
        if upper is None or value < upper:
            upper, stalled = value, 0
        else:
            stalled += 1
            if stalled >= 3:
                step_scale, stalled = step_scale / 2, 0
        found = repair(relaxed, pairs, refill, seats, places, km)
        found_value = one_match * len(found) + sum(pairs[c, a].points for c, a, _v in found)
        if found_value > lower:
            lower, answer = found_value, found
        if upper - lower <= 0 or decoded_gap(upper, lower, one_match) <= LAGRANGE_TARGET_GAP:
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


def decoded_gap(upper: int, lower: int, one_match: int) -> float:
    matched_bound, matched = upper // one_match, lower // one_match
    if matched < matched_bound:
        return (matched_bound - matched) / matched_bound
    points_bound = upper - matched_bound * one_match
    return (points_bound - (lower - matched * one_match)) / max(1, points_bound)


def repair(relaxed, pairs, refill, seats, places, km) -> list[tuple]:
    """A feasible answer from a relaxed flow: companions given by `fit_companions`, then
    the citizens left out placed best pair first where a seat and a companion are free."""
    companions, uncovered = fit_companions(relaxed, pairs, places, km)
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
