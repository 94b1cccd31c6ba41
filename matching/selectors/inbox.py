"""What a coordinator's inbox reads: their organisations' matches, self-referrals and the
citizens due for re-screening."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from meetingplaces.roles import organisations_of

from ..models import Match, Screening, SelfReferral


def matches_of(user) -> QuerySet[Match]:
    """Every match of the organisations the user coordinates, with what the inbox shows."""
    return (
        Match.objects.filter(organisation__in=organisations_of(user))
        .select_related(
            "citizen", "activity__meeting_place", "organisation", "coordinator", "companion"
        )
        .order_by("-status_changed_at", "pk")
    )


def proposals_of(user) -> QuerySet[Match]:
    return matches_of(user).filter(status=Match.Status.PROPOSED).order_by("-score", "created_at")


def ongoing_of(user) -> QuerySet[Match]:
    return matches_of(user).holding_seats()


def self_referrals_of(user) -> QuerySet[SelfReferral]:
    """New self-referrals to the activities of the user's organisations."""
    return (
        SelfReferral.objects.filter(
            activity__organisation__in=organisations_of(user), status=SelfReferral.Status.NEW
        )
        .select_related("activity__meeting_place")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class FollowUp:
    match: Match
    kind: str  # Screening.Kind
    due_on: date
    baseline_on: date


FOLLOW_UP_WEEKS = {Screening.Kind.WEEK_8: 8, Screening.Kind.WEEK_12: 12}


def follow_ups_due(user, *, today: date | None = None) -> list[FollowUp]:
    """Citizens of the user's ongoing matches whose 8- or 12-week re-screening is due
    (the week has come and that screening is not recorded), the longest overdue first."""
    today = today or timezone.localdate()
    baseline = Screening.objects.filter(
        citizen=OuterRef("citizen"), kind=Screening.Kind.BASELINE
    ).values("taken_on")[:1]
    done = {
        kind: Exists(Screening.objects.filter(citizen=OuterRef("citizen"), kind=kind))
        for kind in FOLLOW_UP_WEEKS
    }
    matches = (
        matches_of(user)
        .filter(status__in=(*Match.SEAT_HOLDING, Match.Status.ENDED))
        .annotate(
            baseline_on=Subquery(baseline),
            has_week_8=done[Screening.Kind.WEEK_8],
            has_week_12=done[Screening.Kind.WEEK_12],
        )
        .filter(baseline_on__lte=today - timedelta(weeks=8))
    )
    due = []
    for match in matches:
        for kind, weeks in FOLLOW_UP_WEEKS.items():
            due_on = match.baseline_on + timedelta(weeks=weeks)
            already = match.has_week_8 if kind == Screening.Kind.WEEK_8 else match.has_week_12
            if due_on <= today and not already:
                due.append(FollowUp(match, kind, due_on, match.baseline_on))
                break  # one re-screening at a time: the 8-week one first
    due.sort(key=lambda item: (item.due_on, str(item.match.pk)))
    return due
