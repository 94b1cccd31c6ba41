"""The funnel's steps counted per home-care team.

Who was flagged, suggested and proposed is counted in the database, one row per team; the
steps from the matches' history come from the per-match rows the funnel has read already
(`FunnelData`), so the history is aggregated once per report.
"""

from collections import Counter, defaultdict

from django.db import connection

from matching.models import Citizen
from meetingplaces.models import Team

from ..models import SuggestionShown
from .common import Cohort

HISTORY_STEPS = ("told", "accepted", "first_visit", "participating", "ended")
COLUMNS = ("flagged", "suggested", "proposed", *HISTORY_STEPS)
# The steps a match reached, kept as one number with a bit per step (`FunnelData`): the
# database returns one column for them, and the counts below go by the few patterns.
MATCH_FLAGS = ("told", "proposed", "accepted", "first_visit", "participating", "ended", "declined")


_BITS = {step: 1 << bit for bit, step in enumerate(MATCH_FLAGS)}


def flag(step: str) -> int:
    return _BITS[step]


def citizens_per_step(matches: list[dict], key: str) -> dict:
    """{value of `key`: {step: citizens whose matches with that value reached the step}}:
    a citizen with several matches counts once per value."""
    reached = defaultdict(int)
    for match in matches:
        reached[match[key], match["citizen_key"]] |= match["reached"]
    patterns = Counter((value, flags) for (value, _citizen), flags in reached.items())
    counts = defaultdict(lambda: dict.fromkeys(MATCH_FLAGS, 0))
    for (value, flags), citizens in patterns.items():
        for step, bit in _BITS.items():
            if flags & bit:
                counts[value][step] += citizens
    return counts


def steps_per_team(cohort: Cohort, matches: list[dict]) -> list[tuple[str, str, dict]]:
    """(team, municipality, {step: citizens who reached it}) for each team of the cohort.

    `matches`: the cohort's matches as FunnelData reads them (team_id, citizen_key and the
    steps reached)."""
    cohort_sql, cohort_params = cohort.citizens().order_by().values("pk").query.sql_with_params()
    matched_sql, matched_params = (
        cohort.matches().order_by().values("citizen_id").distinct().query.sql_with_params()
    )
    q = connection.ops.quote_name
    proposed = f"m.{q('citizen_id')} IS NOT NULL"
    sql = f"""
        SELECT c.{q("team_id")}, COUNT(*),
            SUM(CASE WHEN s.{q("citizen_id")} IS NOT NULL OR {proposed} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {proposed} THEN 1 ELSE 0 END)
        FROM {q(Citizen._meta.db_table)} c
        LEFT JOIN {q(SuggestionShown._meta.db_table)} s ON s.{q("citizen_id")} = c.{q("id")}
        LEFT JOIN ({matched_sql}) m ON m.{q("citizen_id")} = c.{q("id")}
        WHERE c.{q("id")} IN ({cohort_sql})
        GROUP BY c.{q("team_id")}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matched_params, *cohort_params])
        rows = cursor.fetchall()
    reached = citizens_per_step(matches, "team_id")
    names = {
        pk: (name, municipality)
        for pk, name, municipality in Team.objects.filter(
            pk__in=[row[0] for row in rows]
        ).values_list("pk", "name", "municipality__name")
    }
    result = []
    for team_id, *counted in rows:
        counts = dict(zip(COLUMNS, (int(n or 0) for n in counted), strict=False))
        counts.update({step: reached[team_id][step] for step in HISTORY_STEPS})
        result.append((*names[team_id], counts))
    return result
