"""The batch optimiser on pure data: exact, within every limit, better than greedy."""

from itertools import product
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.assignment import (
    Companion,
    Edge,
    Opening,
    Problem,
    Seeker,
    Solution,
    companion_fits,
    greedy,
    score_points,
    solve,
    waiting_ranks,
)
from matching.engine.assignment import solver as assignment_module

MORNING_MONDAY, AFTERNOON_MONDAY, MORNING_TUESDAY = 0b1, 0b10, 0b1000


@st.composite
def problems(draw):
    n_seekers = draw(st.integers(1, 5))
    n_openings = draw(st.integers(1, 3))  # few seats: citizens compete
    n_companions = draw(st.integers(0, 2))
    seekers = [
        Seeker(
            id=i,
            waited=draw(st.integers(0, 3)),
            needs_companion=draw(st.booleans()) if n_companions else False,
        )
        for i in range(n_seekers)
    ]
    openings = [
        Opening(
            id=f"a{j}",
            seats=draw(st.sampled_from([0, 1, 1, 1, 2, None])),
            slots=draw(st.sampled_from([MORNING_MONDAY, AFTERNOON_MONDAY, MORNING_TUESDAY])),
            organisation=draw(st.sampled_from(["red", "blue"])),
        )
        for j in range(n_openings)
    ]
    companions = [
        Companion(
            id=f"v{k}",
            places=draw(st.integers(0, 2)),
            availability=draw(st.integers(0, 0b1111)),
            organisation=draw(st.sampled_from(["red", "blue"])),
        )
        for k in range(n_companions)
    ]
    edges = [
        Edge(
            s.id,
            o.id,
            draw(st.sampled_from([0.0, 0.25, 0.5, 0.5, 0.75, 1.0])),
            companion_included=draw(st.sampled_from([False, False, False, True])),
        )
        for s in seekers
        for o in openings
        if draw(st.booleans())
    ]
    companion_km = {
        (s.id, c.id): draw(st.floats(0, 7))
        for s in seekers
        for c in companions
        if draw(st.booleans())
    }
    return Problem(seekers, openings, edges, companions, companion_km)


def objective(problem: Problem, solution: Solution) -> tuple[int, int, int]:
    ranks = waiting_ranks(problem.seekers)
    return (
        solution.matched,
        solution.points,
        sum(ranks[a.citizen] for a in solution.assignments),
    )


def exhaustive(problem: Problem) -> tuple[int, int, int]:
    """Try every choice per citizen (nothing, or any activity with any fitting companion)."""
    seekers = {s.id: s for s in problem.seekers}
    openings = {o.id: o for o in problem.openings}
    options = []
    for seeker in problem.seekers:
        choices = [None]
        for edge in problem.edges:
            if edge.citizen != seeker.id:
                continue
            if not seeker.needs_companion or edge.companion_included:
                choices.append((edge, None))
                continue
            for companion in problem.companions:
                if companion_fits(problem, seeker, openings[edge.activity], companion):
                    choices.append((edge, companion.id))
        options.append(choices)
    ranks = waiting_ranks(problem.seekers)
    best = (0, 0, 0)
    for combination in product(*options):
        chosen = [c for c in combination if c is not None]
        seats, places = {}, {}
        for edge, companion in chosen:
            seats[edge.activity] = seats.get(edge.activity, 0) + 1
            if companion is not None:
                places[companion] = places.get(companion, 0) + 1
        if any(
            openings[a].seats is not None and used > openings[a].seats for a, used in seats.items()
        ):
            continue
        limits = {c.id: c.places for c in problem.companions}
        if any(used > limits[v] for v, used in places.items()):
            continue
        value = (
            len(chosen),
            sum(score_points(edge.score) for edge, _ in chosen),
            sum(ranks[edge.citizen] for edge, _ in chosen),
        )
        best = max(best, value)
    assert all(seekers[edge.citizen] for edge in problem.edges)
    return best


@settings(max_examples=400, deadline=None)
@given(problems())
def test_optimum_equals_exhaustive_search(problem):
    assert objective(problem, solve(problem)) == exhaustive(problem)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_never_breaks_a_limit_or_a_rule(problem):
    solution = solve(problem)
    seekers = {s.id: s for s in problem.seekers}
    openings = {o.id: o for o in problem.openings}
    companions = {c.id: c for c in problem.companions}
    given_edges = {(e.citizen, e.activity) for e in problem.edges}
    citizens = [a.citizen for a in solution.assignments]
    assert len(citizens) == len(set(citizens))
    for assignment in solution.assignments:
        # Only pairs the caller offered: a declined pair, left out, can never come back.
        assert (assignment.citizen, assignment.activity) in given_edges
        seeker, opening = seekers[assignment.citizen], openings[assignment.activity]
        edge = next(e for e in problem.edges if (e.citizen, e.activity) == (seeker.id, opening.id))
        if seeker.needs_companion and not edge.companion_included:
            companion = companions[assignment.companion]
            assert companion_fits(problem, seeker, opening, companion)
        else:
            assert assignment.companion is None
    for opening in problem.openings:
        used = sum(1 for a in solution.assignments if a.activity == opening.id)
        assert opening.seats is None or used <= opening.seats
    for companion in problem.companions:
        used = sum(1 for a in solution.assignments if a.companion == companion.id)
        assert used <= companion.places


@settings(max_examples=60, deadline=None)
@given(problems())
def test_same_input_gives_same_answer(problem):
    reordered = Problem(
        list(reversed(problem.seekers)),
        list(reversed(problem.openings)),
        list(reversed(problem.edges)),
        list(reversed(problem.companions)),
        problem.companion_km,
    )
    assert sorted(solve(problem).assignments, key=str) == sorted(
        solve(reordered).assignments, key=str
    )


@settings(max_examples=100, deadline=None)
@given(problems())
def test_never_matches_fewer_than_greedy(problem):
    assert solve(problem).matched >= greedy(problem).matched


def test_matches_everyone_where_greedy_strands_a_citizen():
    # Inger's best activity is the card club, but Karl can only go there. Greedy gives
    # Inger the club's one seat and strands Karl; the optimum sends Inger to the choir.
    problem = Problem(
        seekers=[Seeker("inger", waited=5), Seeker("karl", waited=1)],
        openings=[Opening("cards", seats=1, slots=1), Opening("choir", seats=1, slots=1)],
        edges=[
            Edge("inger", "cards", 0.9),
            Edge("inger", "choir", 0.8),
            Edge("karl", "cards", 0.3),
        ],
    )
    assert greedy(problem).matched == 1
    solution = solve(problem)
    assert solution.matched == 2
    assert {(a.citizen, a.activity) for a in solution.assignments} == {
        ("inger", "choir"),
        ("karl", "cards"),
    }


def test_companion_shortage_is_planned_around():
    # One companion with one place can help Asta or Bent; only Bent has another activity
    # that he can reach without a companion... he needs none at the walk. Greedy spends the
    # companion on Bent's higher score; the optimum gives it to Asta.
    problem = Problem(
        seekers=[Seeker("asta", 1, needs_companion=True), Seeker("bent", 1, needs_companion=True)],
        openings=[
            Opening("cafe", seats=None, slots=MORNING_MONDAY, organisation="red"),
            Opening("walk", seats=None, slots=AFTERNOON_MONDAY, organisation="red"),
        ],
        edges=[Edge("asta", "cafe", 0.4), Edge("bent", "cafe", 0.9), Edge("bent", "walk", 0.2)],
        companions=[
            Companion("hanne", places=1, availability=MORNING_MONDAY, organisation="red"),
            Companion("ole", places=1, availability=AFTERNOON_MONDAY, organisation="red"),
        ],
        companion_km={("asta", "hanne"): 1.0, ("bent", "hanne"): 0.5, ("bent", "ole"): 2.0},
    )
    assert greedy(problem).matched == 1
    solution = solve(problem)
    assert {(a.citizen, a.activity, a.companion) for a in solution.assignments} == {
        ("asta", "cafe", "hanne"),
        ("bent", "walk", "ole"),
    }


def test_equal_scores_go_to_the_longest_waiting():
    problem = Problem(
        seekers=[Seeker("new", waited=1), Seeker("old", waited=30), Seeker("mid", waited=10)],
        openings=[Opening("cafe", seats=1, slots=1)],
        edges=[Edge("new", "cafe", 0.5), Edge("old", "cafe", 0.5), Edge("mid", "cafe", 0.5)],
    )
    assert [a.citizen for a in solve(problem).assignments] == ["old"]


def test_more_matches_beat_a_higher_total_score():
    problem = Problem(
        seekers=[Seeker("a", 1), Seeker("b", 1)],
        openings=[Opening("x", seats=1, slots=1), Opening("y", seats=1, slots=1)],
        edges=[Edge("a", "x", 1.0), Edge("b", "x", 1.0), Edge("a", "y", 0.0)],
    )
    solution = solve(problem)
    assert solution.matched == 2
    assert solution.score == 1.0


def check_limits(problem: Problem, solution: Solution) -> None:
    openings = {o.id: o for o in problem.openings}
    seekers = {s.id: s for s in problem.seekers}
    companions = {c.id: c for c in problem.companions}
    edges = {(e.citizen, e.activity): e for e in problem.edges}
    assert len({a.citizen for a in solution.assignments}) == solution.matched
    for a in solution.assignments:
        edge = edges[a.citizen, a.activity]
        if seekers[a.citizen].needs_companion and not edge.companion_included:
            assert companion_fits(
                problem, seekers[a.citizen], openings[a.activity], companions[a.companion]
            )
    for opening in problem.openings:
        used = sum(1 for a in solution.assignments if a.activity == opening.id)
        assert opening.seats is None or used <= opening.seats
    for companion in problem.companions:
        assert (
            sum(1 for a in solution.assignments if a.companion == companion.id) <= companion.places
        )


@settings(max_examples=200, deadline=None)
@given(problems())
def test_the_bound_is_never_below_the_optimum(problem):
    best_matched, best_points, _ranks = exhaustive(problem)
    solution = solve(problem)
    assert solution.bound.matched >= best_matched
    if solution.bound.matched == best_matched:
        assert solution.bound.points >= best_points
    assert solution.gap == 0.0  # small parts are solved exactly


@settings(max_examples=200, deadline=None)
@given(problems())
def test_lagrangian_prices_give_a_feasible_answer_within_a_true_bound(problem):
    # Large parts go to the Lagrangian prices; force them on these small ones.
    with patch.object(assignment_module, "EXACT_COLUMNS", 0):
        solution = solve(problem)
    check_limits(problem, solution)
    best_matched, best_points, _ranks = exhaustive(problem)
    assert solution.matched <= best_matched <= solution.bound.matched
    if solution.bound.matched == best_matched:
        assert solution.bound.points >= best_points
    assert solution.matched >= greedy(problem).matched
    assert 0.0 <= solution.gap <= 1.0
