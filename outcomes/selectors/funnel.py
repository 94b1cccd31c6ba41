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

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from matching.models import Match, MatchStatusChange
from meetingplaces.vocabulary import Category

from ..models import SuggestionShown
from ..reasons import LABELS as REASON_LABELS
from ..reasons import reason_category
from ..tables import COUNT, DAYS, PERCENT, Column, Table
from .common import Cohort, median_and_p90

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
REACHED = {S.ACCEPTED: "accepted", S.FIRST_VISIT: "first_visit"}
HISTORY_STEPS = ("accepted", "first_visit", "participating", "ended")
# A proposal made from the home-care page: its first history row has the staff member.
TOLD = Q(from_status="", changed_by__isnull=False)


def _citizen_steps(cohort: Cohort) -> dict:
    """Count expressions per step, for a GROUP BY over citizens."""
    matches = Match.objects.filter(citizen=OuterRef("pk"))
    history = MatchStatusChange.objects.filter(match__citizen=OuterRef("pk"))
    organisations = cohort.scope.organisation_ids
    if organisations is not None:
        matches = matches.filter(organisation_id__in=organisations)
        history = history.filter(match__organisation_id__in=organisations)
    proposed = Exists(matches)
    shown = Exists(SuggestionShown.objects.filter(citizen=OuterRef("pk")))
    steps = {
        "flagged": Count("pk"),
        "suggested": Count("pk", filter=Q(shown) | Q(proposed)),
        "told": Count("pk", filter=Q(Exists(history.filter(TOLD)))),
        "proposed": Count("pk", filter=Q(proposed)),
    }
    for step in HISTORY_STEPS:
        steps[step] = Count("pk", filter=Q(Exists(history.filter(to_status=step))))
    return steps


def _match_steps() -> dict:
    """Count expressions per step, for a GROUP BY over matches (citizens counted once)."""
    steps = {
        "told": Count(
            "citizen_id",
            distinct=True,
            filter=Q(history__from_status="", history__changed_by__isnull=False),
        ),
        "proposed": Count("citizen_id", distinct=True),
    }
    for step in HISTORY_STEPS:
        steps[step] = Count("citizen_id", distinct=True, filter=Q(history__to_status=step))
    return steps


def _steps_table(key, title, group_label, rows, total) -> Table:
    return Table(
        key=key,
        title=title,
        group_label=group_label,
        columns=[Column(step, label) for step, label in STEPS],
        rows=rows,
        total=total,
        additive=True,
    )


def funnel_tables(cohort: Cohort) -> list[Table]:
    citizens = cohort.citizens()
    steps = _citizen_steps(cohort)
    total = citizens.aggregate(**steps)
    tables = []
    if cohort.scope.several_municipalities:
        by_municipality = (
            citizens.values("municipality__name").annotate(**steps).order_by("municipality__name")
        )
        rows = [(row.pop("municipality__name"), row) for row in by_municipality]
        tables.append(
            _steps_table("funnel_municipality", _("Forløb pr. kommune"), _("Kommune"), rows, total)
        )
    by_team = citizens.values("team__name").annotate(**steps).order_by("team__name")
    rows = [(row.pop("team__name"), row) for row in by_team]
    tables.insert(
        0,
        _steps_table(
            "funnel",
            _("Forløbet fra registrering til deltagelse"),
            _("Hjemmeplejeteam"),
            rows,
            total,
        ),
    )

    matches = cohort.matches()
    match_total = matches.aggregate(**_match_steps())
    for key, field, title, group in (
        (
            "funnel_organisation",
            "organisation__name",
            _("Forløb pr. organisation"),
            _("Organisation"),
        ),
        (
            "funnel_meeting_place",
            "activity__meeting_place__name",
            _("Forløb pr. mødested"),
            _("Mødested"),
        ),
        (
            "funnel_category",
            "activity__category",
            _("Forløb pr. aktivitetstype"),
            _("Aktivitetstype"),
        ),
    ):
        grouped = matches.values(field).annotate(**_match_steps()).order_by(field)
        rows = [(_group_label(field, row.pop(field)), row) for row in grouped]
        table = _steps_table(key, title, group, rows, match_total)
        table.columns = table.columns[2:]  # flagged and suggested belong to no activity
        tables.append(table)
    return tables


def _group_label(field: str, value) -> str:
    if field == "activity__category":
        return str(Category(value).label) if value in Category.values else str(value)
    return str(value)


def _in_scope(cohort: Cohort, history):
    organisations = cohort.scope.organisation_ids
    if organisations is None:
        return history
    return history.filter(match__organisation_id__in=organisations)


def waiting_times(cohort: Cohort) -> Table:
    """Days from flagging to the first visit: median and 90th percentile, per team."""
    first_visit = (
        _in_scope(cohort, MatchStatusChange.objects.filter(match__citizen=OuterRef("pk")))
        .filter(to_status=S.FIRST_VISIT)
        .order_by()
        .values("match__citizen")
        .annotate(on=Min("happened_on"))
        .values("on")
    )
    rows = cohort.citizens().annotate(first_visit=first_visit).filter(first_visit__isnull=False)
    by_team = defaultdict(list)
    for team, flagged_at, visit_on in rows.values_list("team__name", "created_at", "first_visit"):
        by_team[team].append(max(0, (visit_on - flagged_at.date()).days))
    everyone = [days for days in by_team.values() for days in days]
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


def answer_times(cohort: Cohort) -> Table:
    """Days from a proposal to the coordinator's answer (accepted or declined), and the
    share declined, per organisation."""
    answers = MatchStatusChange.objects.filter(
        match__in=cohort.matches().values("pk"),
        from_status=S.PROPOSED,
        to_status__in=[S.ACCEPTED, S.DECLINED],
    ).values_list("match__organisation__name", "to_status", "changed_at", "match__created_at")
    by_org = defaultdict(lambda: {"days": [], "declined": 0})
    for organisation, to_status, answered_at, proposed_at in answers:
        by_org[organisation]["days"].append((answered_at - proposed_at).total_seconds() / 86400)
        by_org[organisation]["declined"] += to_status == S.DECLINED

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
    return [
        *funnel_tables(cohort),
        waiting_times(cohort),
        answer_times(cohort),
        decline_reasons(cohort),
    ]
