"""Relatives' mentors in figures: requests in the period, how many found a mentor, and the
answers to "did it help?" after 4 and 12 weeks, per organisation (small counts hidden)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from mentors.models import FollowUp, MentorRequest

from ..tables import Column, Table
from .common import Cohort

COLUMNS = (
    ("requests", Q()),
    ("matched", Q(accepted_at__isnull=False)),
    ("w4_yes", Q(follow_ups__kind=FollowUp.Kind.WEEK_4, follow_ups__helped=True)),
    ("w4_no", Q(follow_ups__kind=FollowUp.Kind.WEEK_4, follow_ups__helped=False)),
    ("w12_yes", Q(follow_ups__kind=FollowUp.Kind.WEEK_12, follow_ups__helped=True)),
    ("w12_no", Q(follow_ups__kind=FollowUp.Kind.WEEK_12, follow_ups__helped=False)),
)


def requests_in(cohort: Cohort):
    """The requests made in the cohort's period, within its scope."""
    start, after = cohort.period.bounds()
    scope = cohort.scope
    requests = MentorRequest.objects.filter(created_at__gte=start, created_at__lt=after)
    if scope.municipality_ids is not None:
        requests = requests.filter(municipality_id__in=scope.municipality_ids)
    if scope.team_ids is not None:
        requests = requests.filter(team_id__in=scope.team_ids)
    if scope.organisation_ids is not None:
        requests = requests.filter(organisation_id__in=scope.organisation_ids)
    return requests


def mentor_report(cohort: Cohort) -> list[Table]:
    """One table, one query: each request counts once, under its organisation."""
    found = (
        requests_in(cohort)
        .values("organisation__name")
        .annotate(
            **{key: Count("pk", filter=condition, distinct=True) for key, condition in COLUMNS}
        )
        .order_by("organisation__name")
    )
    rows = [(row["organisation__name"], {k: row[k] for k, _q in COLUMNS}) for row in found]
    total = {key: sum(values[key] for _label, values in rows) for key, _q in COLUMNS}
    return [
        Table(
            key="mentors",
            title=_("Pårørende, der søgte en mentor"),
            group_label=_("Organisation"),
            columns=[
                Column("requests", _("Anmodninger")),
                Column("matched", _("Fik en mentor")),
                Column("w4_yes", _("Hjalp efter 4 uger: ja")),
                Column("w4_no", _("Hjalp efter 4 uger: nej")),
                Column("w12_yes", _("Hjalp efter 12 uger: ja")),
                Column("w12_no", _("Hjalp efter 12 uger: nej")),
            ],
            rows=rows,
            total=total,
            additive=True,
            subsets=(("requests", "matched"),),
            note=_("Svarene tælles blandt dem, der har svaret."),
        )
    ]
