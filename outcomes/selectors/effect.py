"""The effect on loneliness: the three-item score (3-9, higher is lonelier) at flagging
compared with the same citizen's score after 8 and after 12 weeks.

A before-after comparison of the same people, not a controlled trial: it shows change,
not what caused it. Improved means a score at least one point lower than at the start.
The 95 % confidence interval of the mean change uses the t-distribution.
"""

import math
from datetime import timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from scipy import stats

from matching.models import Match, Screening
from meetingplaces.vocabulary import Category

from ..tables import NUMBER, PERCENT, Column, Table
from .common import Cohort

K = Screening.Kind
FOLLOW_UPS = ((K.WEEK_8, "w8", 8), (K.WEEK_12, "w12", 12))
# A follow-up is overdue this long after it fell due.
GRACE = timedelta(days=14)
NOTE = _(
    "En før-efter-sammenligning af de samme borgere, ikke et kontrolleret forsøg: tallene "
    "viser ændringen, ikke hvad der skyldes Samvær. Forbedret = mindst 1 point lavere score."
)


def _score(kind: str, field: str = "total"):
    screenings = Screening.objects.filter(citizen=OuterRef("pk"), kind=kind).annotate(
        total=F("lacks_companionship") + F("feels_left_out") + F("feels_isolated")
    )
    return Subquery(
        screenings.values(field)[:1], output_field=IntegerField() if field == "total" else None
    )


def _scored(cohort: Cohort):
    """The cohort with each citizen's scores, and the activity type and companion of the
    match that took them furthest (the newest accepted one)."""
    taken = cohort.scope.matches().filter(
        citizen=OuterRef("pk"), history__to_status=Match.Status.ACCEPTED
    )
    newest = taken.order_by("-created_at")
    return (
        cohort.citizens()
        .annotate(
            base=_score(K.BASELINE),
            base_on=_score(K.BASELINE, "taken_on"),
            w8=_score(K.WEEK_8),
            w12=_score(K.WEEK_12),
            category=Subquery(newest.values("activity__category")[:1]),
            companion=Subquery(newest.values("companion_id")[:1]),
        )
        .filter(base__isnull=False)
    )


def _change_counts() -> dict:
    counts = {}
    for _kind, name, _weeks in FOLLOW_UPS:
        change = F(name) - F("base")
        counts[f"n_{name}"] = Count("pk", filter=Q(**{f"{name}__isnull": False}))
        counts[f"improved_{name}"] = Count("pk", filter=Q(**{f"{name}__lte": F("base") - 1}))
        counts[f"sum_{name}"] = Sum(change)
        counts[f"sumsq_{name}"] = Sum(change * change)
    return counts


def _figures(row: dict) -> dict:
    """Shares, means and intervals from a group's counts and sums."""
    figures = {}
    for _kind, name, _weeks in FOLLOW_UPS:
        n, improved = row[f"n_{name}"], row[f"improved_{name}"]
        mean, low, high = mean_interval(n, row[f"sum_{name}"] or 0, row[f"sumsq_{name}"] or 0)
        figures |= {
            f"n_{name}": n,
            f"improved_{name}": improved,
            f"share_{name}": improved / n if n else None,
            f"mean_{name}": mean,
            f"low_{name}": low,
            f"high_{name}": high,
        }
    return figures


def mean_interval(n: int, total: float, squares: float):
    """The mean and its 95 % confidence interval (t-distribution) from n, Σx and Σx²."""
    if n == 0:
        return None, None, None
    mean = total / n
    if n == 1:
        return mean, None, None
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * math.sqrt(variance / n)
    return float(mean), float(mean - half), float(mean + half)


def _columns() -> list[Column]:
    columns = []
    for _kind, name, weeks in FOLLOW_UPS:
        about = (f"n_{name}",)
        columns += [
            Column(f"n_{name}", _("Målt efter %(weeks)s uger") % {"weeks": weeks}),
            Column(f"improved_{name}", _("Forbedret efter %(weeks)s uger") % {"weeks": weeks}),
            Column(
                f"share_{name}",
                _("Andel forbedret, %(weeks)s uger") % {"weeks": weeks},
                PERCENT,
                about=(*about, f"improved_{name}"),
            ),
            Column(
                f"mean_{name}", _("Gns. ændring, %(weeks)s uger") % {"weeks": weeks}, NUMBER, about
            ),
            Column(f"low_{name}", _("95 %-interval fra"), NUMBER, about),
            Column(f"high_{name}", _("95 %-interval til"), NUMBER, about),
        ]
    return columns


def effect_tables(cohort: Cohort) -> list[Table]:
    scored = _scored(cohort)
    counts = _change_counts()
    total = _figures(scored.aggregate(**counts))
    by_category = scored.values("category").annotate(**counts).order_by("category")
    by_companion = scored.values("companion").annotate(**counts).order_by()
    companion_rows = {True: None, False: None}
    for row in by_companion:
        went_with = row.pop("companion") is not None
        merged = companion_rows[went_with] or dict.fromkeys(row, 0)
        companion_rows[went_with] = {key: (merged[key] or 0) + (row[key] or 0) for key in row}
    return [
        Table(
            key="effect_category",
            title=_("Ændring i ensomhedsscore pr. aktivitetstype"),
            group_label=_("Aktivitetstype"),
            columns=_columns(),
            rows=[(_category_label(row.pop("category")), _figures(row)) for row in by_category],
            total=total,
            additive=True,
            note=NOTE,
        ),
        Table(
            key="effect_companion",
            title=_("Ændring i ensomhedsscore med og uden følgeven"),
            group_label=_("Følgeven"),
            columns=_columns(),
            rows=[
                (str(_("Med følgeven") if went_with else _("Uden følgeven")), _figures(row))
                for went_with, row in companion_rows.items()
                if row is not None
            ],
            total=total,
            additive=True,
            note=NOTE,
        ),
        follow_up_status(scored),
    ]


def _category_label(value) -> str:
    if value is None:
        return str(_("Endnu ingen aktivitet"))
    return str(Category(value).label) if value in Category.values else str(value)


def follow_up_status(scored) -> Table:
    """Per follow-up: done, not due yet, due (within two weeks of the date) and overdue."""
    today = timezone.localdate()
    rows = []
    for _kind, name, weeks in FOLLOW_UPS:
        due_by = today - timedelta(weeks=weeks)  # baselines on or before this are due
        overdue_by = due_by - GRACE
        missing = Q(**{f"{name}__isnull": True})
        counts = scored.aggregate(
            baseline=Count("pk"),
            done=Count("pk", filter=~missing),
            not_due=Count("pk", filter=missing & Q(base_on__gt=due_by)),
            due=Count("pk", filter=missing & Q(base_on__lte=due_by, base_on__gt=overdue_by)),
            overdue=Count("pk", filter=missing & Q(base_on__lte=overdue_by)),
        )
        rows.append((str(_("Efter %(weeks)s uger") % {"weeks": weeks}), counts))
    return Table(
        key="follow_up",
        title=_("Opfølgning: målt, endnu ikke målt og forsinket"),
        group_label=_("Opfølgning"),
        columns=[
            Column("baseline", _("Med første screening")),
            Column("done", _("Målt")),
            Column("not_due", _("Ikke tid endnu")),
            Column("due", _("Skal måles nu")),
            Column("overdue", _("Forsinket (over 14 dage)")),
        ],
        rows=rows,
        row_sums=(("baseline", ("done", "not_due", "due", "overdue")),),
    )


def effect_report(cohort: Cohort) -> list[Table]:
    return effect_tables(cohort)
