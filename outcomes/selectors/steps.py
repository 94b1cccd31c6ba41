"""The funnel's steps counted per home-care team.

Who was flagged, suggested and proposed is counted in the database, one row per team; the
steps from the matches' history come from the per-match rows the funnel has read already
(`FunnelData`), so the history is aggregated once per report.
"""

from collections import defaultdict

from django.db import connection

from matching.models import Citizen
from meetingplaces.models import Team

from ..models import SuggestionShown
from .common import Cohort

HISTORY_STEPS = ("told", "accepted", "first_visit", "participating", "ended")
COLUMNS = ("flagged", "suggested", "proposed", *HISTORY_STEPS)


def steps_per_team(cohort: Cohort, matches: list[dict]) -> list[tuple[str, str, dict]]:
    """(team, municipality, {step: citizens who reached it}) for each team of the cohort.

    `matches`: the cohort's matches as FunnelData reads them (team_id, citizen_key and a
    flag per history step)."""
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
    reached = defaultdict(lambda: defaultdict(set))  # team: step: citizens
    for match in matches:
        for step in HISTORY_STEPS:
            if match[step]:
                reached[match["team_id"]][step].add(match["citizen_key"])
    names = {
        pk: (name, municipality)
        for pk, name, municipality in Team.objects.filter(
            pk__in=[row[0] for row in rows]
        ).values_list("pk", "name", "municipality__name")
    }
    result = []
    for team_id, *counted in rows:
        counts = dict(zip(COLUMNS, (int(n or 0) for n in counted), strict=False))
        counts.update({step: len(reached[team_id][step]) for step in HISTORY_STEPS})
        result.append((*names[team_id], counts))
    return result
