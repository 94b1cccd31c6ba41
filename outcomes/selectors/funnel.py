"""The funnel: how far the citizens flagged in a period got, and how long it took.

Steps, each counted as citizens who reached it (by now):
- flagged: registered by home care in the period;
- suggested: home care was shown at least one suggestion (SuggestionShown), or the engine
  proposed an activity in a batch run;
- told: staff told the citizen about an activity (a proposal made from the home-care page);
- proposed: a coordinator got a proposal; accepted, first visit, taking part, ended: the
  match history has that step.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from meetingplaces.models import Activity, Organisation, Team
from meetingplaces.vocabulary import Category

from ..reasons import LABELS as REASON_LABELS
from ..reasons import reason_category
from ..tables import COUNT, DAYS, PERCENT, Column, Table
from .common import Cohort, median_and_p90
from .steps import citizens_per_step, flag, steps_per_team

S = Match.Status
STEPS = (
    ("flagged", _("Registreret")),
    ("suggested", _("Fået forslag")),
    ("told", _("Fortalt om")),
    ("proposed", _("Foreslået")),
    ("accepted", _("Accepteret")),
    ("first_visit", _("Første besøg")),
    ("participating", _("Deltager")),
    ("ended", _("Afsluttet")),
)
HISTORY_STEPS = ("accepted", "first_visit", "participating", "ended")
MATCH_STEPS = ("told", "proposed", *HISTORY_STEPS)
GROUPS = (
    ("funnel_organisation", "organisation_name", _("Forløb pr. organisation"), _("Organisation")),
    ("funnel_meeting_place", "place_name", _("Forløb pr. mødested"), _("Mødested")),
    ("funnel_category", "category_key", _("Forløb pr. aktivitetstype"), _("Aktivitetstype")),
)


def _reached(step: str, **condition):
    """The step's bit when some history row of the match meets the condition, else 0."""
    return Max(Case(When(Q(**condition), then=flag(step)), default=0, output_field=IntegerField()))


@dataclass
class FunnelData:
    """The cohort's matches with the steps each reached (one GROUP BY over their history),
    summed per organisation, meeting place and activity type below."""

    matches: list  # dicts: citizen, groups, the steps reached (`steps.flag`), dates

    @classmethod
    def of(cls, cohort: Cohort) -> "FunnelData":
        answered = Min(
            "history__changed_at",
            filter=Q(
                history__from_status=S.PROPOSED,
                history__to_status__in=[S.ACCEPTED, S.DECLINED],
            ),
        )
        conditions = {
            "told": {"history__from_status": "", "history__changed_by__isnull": False},
            **{step: {"history__to_status": step} for step in HISTORY_STEPS},
            "declined": {"history__to_status": S.DECLINED},
        }
        reached = sum(
            (_reached(step, **condition) for step, condition in conditions.items()),
            start=Value(flag("proposed")),  # every match was proposed
        )
        # Grouped by the match's id and columns that depend on it, so that the database
        # hashes short keys instead of comparing text per history row; the reached steps
        # come as one number. Both measured in benchmarks/reports.py. Keys as text and days
        # as dates: 10,000s of UUIDs and timestamps as Python objects would cost more.
        rows = (
            cohort.matches()
            .values("pk", "organisation_id", "activity_id")
            .annotate(
                citizen_key=Min(Cast("citizen_id", CharField())),
                team_id=Min("citizen__team_id"),
                flagged_on=Min(TruncDate("citizen__created_at")),  # the local date
                reached=reached,
                first_visit_on=Min(
                    "history__happened_on", filter=Q(history__to_status=S.FIRST_VISIT)
                ),
                answer_time=ExpressionWrapper(answered - F("created_at"), DurationField()),
            )
            # Still grouped by the id, which is left out of the rows: without it (a UUID)
            # each row holds plain values only, which Python's garbage collector never
            # has to walk (benchmarks/reports.py).
            .values(
                "organisation_id",
                "activity_id",
                "citizen_key",
                "team_id",
                "flagged_on",
                "reached",
                "first_visit_on",
                "answer_time",
            )
            .order_by()
        )
        rows = list(rows)
        names = _Names.of(cohort)
        for row in rows:
            row.update(names.of_match(row))
        return cls(rows)


@dataclass
class _Names:
    """The names shown for the few organisations, teams and activities of the matches."""

    organisations: dict
    teams: dict
    activities: dict  # id: (meeting place, category)

    @classmethod
    def of(cls, cohort: Cohort) -> "_Names":
        # By subquery, not by a list of ids: a national view's list could pass SQLite's
        # limit of parameters.
        matches = cohort.matches().order_by()

        def named(model, ids, *fields):
            found = model.objects.filter(pk__in=ids).order_by().values_list("pk", *fields)
            return {pk: values[0] if len(values) == 1 else tuple(values) for pk, *values in found}

        return cls(
            named(Organisation, matches.values("organisation_id"), "name"),
            named(Team, cohort.citizens().order_by().values("team_id"), "name"),
            named(Activity, matches.values("activity_id"), "meeting_place__name", "category"),
        )

    def of_match(self, row: dict) -> dict:
        place, category = self.activities[row["activity_id"]]
        return {
            "organisation_name": self.organisations[row["organisation_id"]],
            "team_name": self.teams[row["team_id"]],
            "place_name": place,
            "category_key": category,
        }


# Each step's citizens are some of an earlier step's: the difference between the two is a
# number of people too (those who stopped there), so it is kept from being under five.
NESTED_STEPS = (
    ("flagged", "suggested"),
    ("suggested", "proposed"),
    ("proposed", "told"),
    ("proposed", "accepted"),
    ("accepted", "first_visit"),
    ("first_visit", "participating"),
)


def _steps_table(key, title, group_label, rows, total) -> Table:
    return Table(
        key=key,
        title=title,
        group_label=group_label,
        columns=[Column(step, label) for step, label in STEPS],
        rows=rows,
        total=total,
        additive=True,
        subsets=NESTED_STEPS,
    )


def funnel_tables(cohort: Cohort, data: FunnelData | None = None) -> list[Table]:
    data = data or FunnelData.of(cohort)
    steps = [step for step, _label in STEPS]
    by_team, by_municipality = [], defaultdict(lambda: dict.fromkeys(steps, 0))
    total = dict.fromkeys(steps, 0)
    # Each citizen belongs to one team: municipalities and the total add up from the teams.
    for team, municipality, counts in steps_per_team(cohort, data.matches):
        by_team.append((team, counts))
        for step in steps:
            by_municipality[municipality][step] += counts[step]
            total[step] += counts[step]
    tables = [
        _steps_table(
            "funnel",
            _("Forløbet fra registrering til deltagelse"),
            _("Hjemmeplejeteam"),
            sorted(by_team, key=lambda row: row[0]),
            total,
        )
    ]
    if cohort.scope.several_municipalities:
        tables.append(
            _steps_table(
                "funnel_municipality",
                _("Forløb pr. kommune"),
                _("Kommune"),
                sorted(by_municipality.items()),
                total,
            )
        )
    match_steps = [step for step in steps if step in MATCH_STEPS]
    match_total = {step: total[step] for step in match_steps}
    for key, field, title, group in GROUPS:
        counts = citizens_per_step(data.matches, field)
        rows = sorted(
            (_group_label(field, value), {step: found[step] for step in match_steps})
            for value, found in counts.items()
        )
        table = _steps_table(key, title, group, rows, match_total)
        table.columns = [c for c in table.columns if c.key in MATCH_STEPS]
        tables.append(table)
    return tables


def _group_label(field: str, value) -> str:
    if field == "category_key":
        return str(Category(value).label) if value in Category.values else str(value)
    return str(value)


def waiting_times(cohort: Cohort, data: FunnelData | None = None) -> Table:
    """Days from flagging to the first visit: median and 90th percentile, per team."""
    data = data or FunnelData.of(cohort)
    first_visit = {}  # citizen: (team, flagged at, first visit)
    for match in data.matches:
        on, citizen = match["first_visit_on"], match["citizen_key"]
        if on is not None and (citizen not in first_visit or on < first_visit[citizen][2]):
            first_visit[citizen] = (match["team_name"], match["flagged_on"], on)
    by_team = defaultdict(list)
    for team, flagged_on, on in first_visit.values():
        by_team[team].append(max(0, (on - flagged_on).days))
    everyone = [days for values in by_team.values() for days in values]
    return Table(
        key="waiting",
        title=_("Ventetid fra registrering til første besøg (dage)"),
        group_label=_("Hjemmeplejeteam"),
        columns=[
            Column("n", _("Borgere med første besøg")),
            Column("median", _("Median"), DAYS, about=("n",)),
            Column("p90", _("90 % har ventet højst"), DAYS, about=("n",)),
        ],
        rows=[(team, _times(days)) for team, days in sorted(by_team.items())],
        total=_times(everyone),
        additive=True,
    )


def _times(values) -> dict:
    median, p90 = median_and_p90(values)
    return {"n": len(values), "median": median, "p90": p90}


def answer_times(cohort: Cohort, data: FunnelData | None = None) -> Table:
    """Days from a proposal to the coordinator's answer (accepted or declined), and the
    share declined, per organisation."""
    data = data or FunnelData.of(cohort)
    by_org, declined_bit = defaultdict(lambda: {"days": [], "declined": 0}), flag("declined")
    for match in data.matches:
        if match["answer_time"] is None:
            continue
        waited = match["answer_time"].total_seconds() / 86400
        by_org[match["organisation_name"]]["days"].append(waited)
        by_org[match["organisation_name"]]["declined"] += bool(match["reached"] & declined_bit)

    def row(days, declined):
        figures = _times(days)
        figures["declined"] = declined
        figures["share_declined"] = declined / len(days) if days else None
        return figures

    everyone = [d for v in by_org.values() for d in v["days"]]
    return Table(
        key="answers",
        title=_("Koordinatorernes svartid på forslag (dage)"),
        group_label=_("Organisation"),
        columns=[
            Column("n", _("Besvarede forslag")),
            Column("median", _("Median"), DAYS, about=("n",)),
            Column("p90", _("90 % besvaret inden"), DAYS, about=("n",)),
            Column("declined", _("Afvist")),
            Column("share_declined", _("Andel afvist"), PERCENT, about=("n", "declined")),
        ],
        rows=[(org, row(v["days"], v["declined"])) for org, v in sorted(by_org.items())],
        total=row(everyone, sum(v["declined"] for v in by_org.values())),
        additive=True,
    )


def decline_reasons(cohort: Cohort) -> Table:
    grouped = (
        cohort.matches()
        .filter(status=S.DECLINED)
        .values("decline_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = defaultdict(int)
    for row in grouped:
        counts[reason_category(row["decline_reason"])] += row["n"]
    return Table(
        key="decline_reasons",
        title=_("Årsager til afviste forslag"),
        group_label=_("Årsag"),
        columns=[Column("n", _("Afviste forslag"), COUNT)],
        rows=[
            (str(REASON_LABELS[key]), {"n": counts[key]}) for key in REASON_LABELS if counts[key]
        ],
        total={"n": sum(counts.values())},
        additive=True,
        note=_("Årsagerne er fri tekst; de er sorteret i kategorier efter nøgleord."),
    )


def funnel_report(cohort: Cohort) -> list[Table]:
    data = FunnelData.of(cohort)
    return [
        *funnel_tables(cohort, data),
        waiting_times(cohort, data),
        answer_times(cohort, data),
        decline_reasons(cohort),
    ]
