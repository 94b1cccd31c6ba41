"""The effect on loneliness: the three-item score (3-9, higher is lonelier) at flagging
compared with the same citizen's score after 8 and after 12 weeks.

A before-after comparison of the same people, not a controlled trial: it shows change,
not what caused it. Improved means a score at least one point lower than at the start.
The 95 % confidence interval of the mean change uses the t-distribution.
"""

import math
from collections import defaultdict
from datetime import timedelta

from django.db.models import Case, F, Max, When
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


def _total():
    return F("lacks_companionship") + F("feels_left_out") + F("feels_isolated")


def _of_kind(kind: str, value):
    return Max(Case(When(kind=kind, then=value), default=None))


def _scored(cohort: Cohort) -> list[dict]:
    """Each citizen of the cohort with a baseline: the scores (one GROUP BY over the
    screenings), and the activity type and companion of the newest accepted match."""
    scores = (
        Screening.objects.filter(citizen__in=cohort.citizens())
        .values("citizen_id")
        .annotate(
            base=_of_kind(K.BASELINE, _total()),
            base_on=_of_kind(K.BASELINE, F("taken_on")),
            w8=_of_kind(K.WEEK_8, _total()),
            w12=_of_kind(K.WEEK_12, _total()),
        )
        .order_by()
    )
    taken = (
        cohort.matches()
        .filter(history__to_status=Match.Status.ACCEPTED)
        .values_list("citizen_id", "activity__category", "companion_id")
        .order_by("created_at")
    )
    newest = {citizen: (category, companion) for citizen, category, companion in taken}
    rows = []
    for row in scores:
        if row["base"] is None:
            continue
        row["category"], row["companion"] = newest.get(row["citizen_id"], (None, None))
        rows.append(row)
    return rows


def _change_counts(rows) -> dict:
    """n, number improved, Σ change and Σ change² per follow-up, for a group of citizens."""
    counts = {}
    for _kind, name, _weeks in FOLLOW_UPS:
        changes = [row[name] - row["base"] for row in rows if row[name] is not None]
        counts[f"n_{name}"] = len(changes)
        counts[f"improved_{name}"] = sum(change <= -1 for change in changes)
        counts[f"sum_{name}"] = sum(changes)
        counts[f"sumsq_{name}"] = sum(change * change for change in changes)
    return counts


def _figures(row: dict) -> dict:
    """Shares, means and intervals from a group's counts and sums."""
    figures = {}
    for _kind, name, _weeks in FOLLOW_UPS:
        n, improved = row[f"n_{name}"], row[f"improved_{name}"]
        mean, low, high = mean_interval(n, row[f"sum_{name}"], row[f"sumsq_{name}"])
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
    total = _figures(_change_counts(scored))
    by_category, by_companion = defaultdict(list), defaultdict(list)
    for row in scored:
        by_category[row["category"] or ""].append(row)
        by_companion[row["companion"] is not None].append(row)
    return [
        Table(
            key="effect_category",
            title=_("Ændring i ensomhedsscore pr. aktivitetstype"),
            group_label=_("Aktivitetstype"),
            columns=_columns(),
            rows=[
                (_category_label(category), _figures(_change_counts(rows)))
                for category, rows in sorted(by_category.items())
            ],
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
                (
                    str(_("Med følgeven") if went_with else _("Uden følgeven")),
                    _figures(_change_counts(rows)),
                )
                for went_with, rows in sorted(by_companion.items(), reverse=True)
            ],
            total=total,
            additive=True,
            note=NOTE,
        ),
        follow_up_status(scored),
    ]


def _category_label(value) -> str:
    if not value:
        return str(_("Endnu ingen aktivitet"))
    return str(Category(value).label) if value in Category.values else str(value)


def follow_up_status(scored: list[dict]) -> Table:
    """Per follow-up: done, not due yet, due (within two weeks of the date) and overdue."""
    today = timezone.localdate()
    rows = []
    for _kind, name, weeks in FOLLOW_UPS:
        due_by = today - timedelta(weeks=weeks)  # baselines on or before this are due
        overdue_by = due_by - GRACE
        counts = dict.fromkeys(("baseline", "done", "not_due", "due", "overdue"), 0)
        for row in scored:
            counts["baseline"] += 1
            if row[name] is not None:
                counts["done"] += 1
            elif row["base_on"] > due_by:
                counts["not_due"] += 1
            elif row["base_on"] > overdue_by:
                counts["due"] += 1
            else:
                counts["overdue"] += 1
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
