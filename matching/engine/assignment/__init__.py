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

from .greedy import greedy
from .problem import (
    POINTS_PER_SCORE,
    Companion,
    Edge,
    Opening,
    Problem,
    Seeker,
    companion_fits,
    score_points,
    waiting_ranks,
)
from .solution import Assignment, Bound, Solution
from .solver import solve

__all__ = [
    "POINTS_PER_SCORE",
    "Assignment",
    "Bound",
    "Companion",
    "Edge",
    "Opening",
    "Problem",
    "Seeker",
    "Solution",
    "companion_fits",
    "greedy",
    "score_points",
    "solve",
    "waiting_ranks",
]
