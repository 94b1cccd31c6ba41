"""The optimiser's answer and its proven bound: how far an answer can be from the optimum."""

from collections.abc import Hashable
from dataclasses import dataclass

from .problem import POINTS_PER_SCORE, score_points, sort_key


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


def value_of(chosen, pairs) -> tuple[int, int]:
    return len(chosen), sum(pairs[c, a].points for c, a, _v in chosen)


def solution_of(chosen, pairs, companions, bound: Bound) -> Solution:
    assignments = [
        Assignment(
            citizen, activity, pairs[citizen, activity].score, companions.get((citizen, activity))
        )
        for citizen, activity in chosen
    ]
    assignments.sort(key=lambda a: (sort_key(a.citizen), sort_key(a.activity)))
    return Solution(tuple(assignments), bound)
