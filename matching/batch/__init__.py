"""The batch run: a municipality's waiting citizens assigned at once, optimally, in one
transaction, and each citizen left waiting told why.

The facts are read once per municipality (its citizens, the activities and companions of
the organisations serving it: the municipality boundary); the engine's rules and score are
applied to all citizens at once (`matching.engine.candidates`), `matching.engine.assignment`
picks the best set of pairs under the seat and companion limits, and the proposals are
written together. Each chosen pair's score and reasons are then worked out by the instant
engine's own functions, so a proposal reads the same whichever way it was made.
"""

from ..models import WaitingReason
from .planning import Plan, plan, waiting_citizens
from .proposals import municipalities_to_run, run, run_night, write_proposals

__all__ = [
    "Plan",
    "WaitingReason",
    "municipalities_to_run",
    "plan",
    "run",
    "run_night",
    "waiting_citizens",
    "write_proposals",
]
