"""The matching engine: hard rules, score and reasons for citizen × activity pairs.

Plain Python over plain data (no requests, no querysets): `matching.selectors` turns rows
into `CitizenNeeds`, `ActivityFacts` and `CompanionFacts`, the engine answers.

- `facts`: the plain data in and out;
- `rules`: the hard rules and the companion rule;
- `score`: the score's weighted parts and the bounds the rankings prune with;
- `reasons`: the same parts as Danish sentences;
- `rank`: instant suggestions for one citizen (`rank`, `rank_streamed`);
- `candidates`: the same rules and score over many activities at once, for batch runs;
- `assignment`: the batch optimiser over many citizens.
"""

from .facts import ActivityFacts, CitizenNeeds, CompanionFacts, Reason, Suggestion
from .rank import NearestCompanion, order_scale, rank, rank_streamed, suggestion
from .reasons import companion_volunteer_reason, format_distance, reasons_for
from .rules import (
    AUDIENCES_BY_GENDER,
    COMPANION_RADIUS_KM,
    audience_fits,
    breaks_no_rule,
    companion_fits,
    companion_fits_activity,
    companion_misfit,
    needs_step_free,
    passes_rules_except_distance,
    schedule_overlap,
)
from .score import (
    WEIGHT_COMPANION,
    WEIGHT_INTEREST,
    WEIGHT_LOAD,
    WEIGHT_NEARNESS,
    WEIGHT_SCHEDULE,
    companion_points,
    load_points,
    nearness_points,
    schedule_points,
    score,
    upper_bound_score,
    waiting_points,
)

__all__ = [
    "AUDIENCES_BY_GENDER",
    "COMPANION_RADIUS_KM",
    "WEIGHT_COMPANION",
    "WEIGHT_INTEREST",
    "WEIGHT_LOAD",
    "WEIGHT_NEARNESS",
    "WEIGHT_SCHEDULE",
    "ActivityFacts",
    "CitizenNeeds",
    "CompanionFacts",
    "NearestCompanion",
    "Reason",
    "Suggestion",
    "audience_fits",
    "breaks_no_rule",
    "companion_fits",
    "companion_fits_activity",
    "companion_misfit",
    "companion_points",
    "companion_volunteer_reason",
    "format_distance",
    "load_points",
    "nearness_points",
    "needs_step_free",
    "order_scale",
    "passes_rules_except_distance",
    "rank",
    "rank_streamed",
    "reasons_for",
    "schedule_overlap",
    "schedule_points",
    "score",
    "suggestion",
    "upper_bound_score",
    "waiting_points",
]
