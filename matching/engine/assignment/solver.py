"""`solve`: the relaxation as a flow, its companions, and the parts they cannot carry solved
again (see the package docstring)."""

from .exact import independent_parts, solve_exactly
from .flow import fit_companions, seat_flow
from .greedy import greedy_columns
from .lagrangian import solve_by_prices
from .problem import Problem, columns_of, pairs_of, waiting_ranks
from .solution import Bound, Solution, solution_of, value_of

# A part the companions' places bind in is solved as an integer programme up to this many
# columns (a municipality's part takes HiGHS about a second), within a node budget (a count,
# not a time: the same input, the same answer) with HiGHS's dual bound as its bound beyond
# it; larger parts by Lagrangian prices.
EXACT_COLUMNS = 20_000


def solve(problem: Problem) -> Solution:
    """The optimal assignment, or one within `Solution.gap` of the optimum (see the package
    docstring for what optimal means and how it is found)."""
    columns = columns_of(problem)
    ranks = waiting_ranks(problem.seekers)
    seats = {o.id: o.seats for o in problem.openings}
    places = {c.id: c.places for c in problem.companions}
    pairs = pairs_of(columns)
    relaxed = seat_flow(pairs, seats, ranks)
    companions, uncovered = fit_companions(relaxed, pairs, places, problem.companion_km or {})
    if not uncovered:
        bound = Bound(len(relaxed), sum(pairs[key].points for key in relaxed))
        return solution_of(relaxed, pairs, companions, bound)
    # The companions cannot carry the relaxation: solve again, apart, the independent parts
    # it failed in; every other part keeps its (optimal) share of the relaxation.
    parts = independent_parts(columns, seats, places)
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
            exact, (part_matched, part_points) = solve_exactly(part, ranks, seats, places)
            found = [(c.citizen, c.activity, c.companion) for c in exact]
        else:
            found, (part_matched, part_points) = solve_by_prices(
                pairs_of(part), seats, places, ranks, problem.companion_km or {}
            )
        # Never fewer than first-come: greedy decides each part on its own too.
        first_come = [
            (c.citizen, c.activity, c.companion) for c in greedy_columns(part, ranks, seats, places)
        ]
        if value_of(first_come, pairs) > value_of(found, pairs):
            found = first_come
        chosen.extend(found)
        matched, points = matched + part_matched, points + part_points
    return solution_of(
        [(c, a) for c, a, _v in chosen],
        pairs,
        {(c, a): v for c, a, v in chosen if v is not None},
        Bound(matched, points),
    )
