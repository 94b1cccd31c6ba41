"""The funnel's steps counted per home-care team in the database, in one query.

Two levels of grouping: the matches' history grouped per citizen (which steps each citizen
reached, by the ORM), then the citizens grouped per team. Django's ORM cannot group over a
grouped query, so the outer level is written in SQL around the ORM's inner query; only
one row per team reaches Python.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Max, Q, When

from matching.models import Citizen
from meetingplaces.models import Team

from ..models import SuggestionShown
from .common import Cohort

HISTORY_STEPS = ("accepted", "first_visit", "participating", "ended")
COLUMNS = ("flagged", "suggested", "told", "proposed", *HISTORY_STEPS)


def _reached(**condition):
    return Max(Case(When(Q(**condition), then=1), default=0, output_field=IntegerField()))


def steps_per_team(cohort: Cohort) -> list[tuple[str, str, dict]]:
    """(team, municipality, {step: citizens who reached it}) for each team of the cohort."""
    per_citizen = (
        cohort.matches()
        .values("citizen_id")
        .annotate(
            told=_reached(history__from_status="", history__changed_by__isnull=False),
            **{step: _reached(history__to_status=step) for step in HISTORY_STEPS},
        )
        .order_by()
    )
    inner_sql, inner_params = per_citizen.query.sql_with_params()
    cohort_sql, cohort_params = cohort.citizens().order_by().values("pk").query.sql_with_params()
    q = connection.ops.quote_name
    proposed = f"f.{q('citizen_id')} IS NOT NULL"
    columns = [
        "COUNT(*)",
        f"SUM(CASE WHEN s.{q('citizen_id')} IS NOT NULL OR {proposed} THEN 1 ELSE 0 END)",
        f"SUM(COALESCE(f.{q('told')}, 0))",
        f"SUM(CASE WHEN {proposed} THEN 1 ELSE 0 END)",
        *(f"SUM(COALESCE(f.{q(step)}, 0))" for step in HISTORY_STEPS),
    ]
    sql = f"""
        SELECT c.{q("team_id")}, {", ".join(columns)}
        FROM {q(Citizen._meta.db_table)} c
        LEFT JOIN {q(SuggestionShown._meta.db_table)} s ON s.{q("citizen_id")} = c.{q("id")}
        LEFT JOIN ({inner_sql}) f ON f.{q("citizen_id")} = c.{q("id")}
        WHERE c.{q("id")} IN ({cohort_sql})
        GROUP BY c.{q("team_id")}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, *cohort_params])
        rows = cursor.fetchall()
    names = {
        pk: (name, municipality)
        for pk, name, municipality in Team.objects.filter(
            pk__in=[row[0] for row in rows]
        ).values_list("pk", "name", "municipality__name")
    }
    return [
        (*names[row[0]], dict(zip(COLUMNS, (int(n or 0) for n in row[1:]), strict=True)))
        for row in rows
    ]
