"""The first-come baseline the optimiser is measured against (and never does worse than)."""

from collections.abc import Hashable

from .problem import Column, Problem, columns_of, score_points, waiting_ranks
from .solution import Assignment, Solution


def greedy(problem: Problem) -> Solution:
    """The first-come baseline: best score first, longest waiting first on ties, each pair
    taken if its limits still allow. Used by the benchmark and the tests, never to propose."""
    seats = {o.id: o.seats for o in problem.openings}
    places = {c.id: c.places for c in problem.companions}
    taken = greedy_columns(columns_of(problem), waiting_ranks(problem.seekers), seats, places)
    return Solution(tuple(Assignment(c.citizen, c.activity, c.score, c.companion) for c in taken))


def greedy_columns(columns: list[Column], ranks, seats, places) -> list[Column]:
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
