"""The hourly reminders: the day before a first visit, re-screening due at 8 and 12 weeks,
and the coordinators' daily digest. Every message carries a key made of what it is about
and the day, so a second run in the same hour (or the same day) sends nothing new.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from matching.models import Citizen, Match, Screening
from meetingplaces.models import Membership

from .compose import absolute, queue
from .models import Preference
from .services import staff_of, visit_context

# Day-before reminders go out from this hour, so nobody is woken by a reminder at midnight.
REMINDER_FROM = time(9)
# The digest is ready for the start of the working day.
DIGEST_FROM = time(7)
# Follow-up screenings after the baseline, as the training programmes measure.
RESCREENING_AFTER = {Screening.Kind.WEEK_8: 8 * 7, Screening.Kind.WEEK_12: 12 * 7}


def visits_tomorrow(*, now: datetime) -> int:
    """The companion (e-mail or SMS) and, with consent, the citizen (SMS) the day before
    the first visit of an accepted match."""
    local = timezone.localtime(now)
    if local.time() < REMINDER_FROM:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    matches = Match.objects.filter(
        status__in=[Match.Status.ACCEPTED, Match.Status.CONTACTED],
        citizen__anonymised_at__isnull=True,
        activity__weekday=tomorrow.weekday(),
    ).select_related(
        "citizen", "companion", "activity__meeting_place", "activity__organisation", "organisation"
    )
    sent = 0
    for match in matches:
        if match.activity.next_dates(after=tomorrow, count=1) != [tomorrow]:
            continue  # cancelled that day, or not yet begun
        context = visit_context(match, day=tomorrow)
        key = f"visit:{match.pk}:{tomorrow.isoformat()}"
        if match.companion_id:
            sent += bool(
                queue(
                    "visit_tomorrow_companion",
                    to=match.companion,
                    context=context,
                    match=match,
                    organisation=match.organisation,
                    dedupe_key=f"{key}:companion",
                )
            )
        citizen = match.citizen
        if citizen.phone and citizen.consent_withdrawn_at is None:
            sent += bool(
                queue(
                    "visit_tomorrow_citizen",
                    to=citizen,
                    channel="sms",
                    context=context,
                    match=match,
                    organisation=match.organisation,
                    dedupe_key=f"{key}:citizen",
                )
            )
    return sent


def rescreenings_due(*, now: datetime) -> int:
    """Staff are told when a citizen they flagged is due for the 8- or 12-week screening."""
    today = timezone.localtime(now).date()
    sent = 0
    for kind, days in RESCREENING_AFTER.items():
        citizens = (
            Citizen.objects.filter(
                anonymised_at__isnull=True,
                consent_withdrawn_at__isnull=True,
                screenings__kind=Screening.Kind.BASELINE,
                screenings__taken_on__lte=today - timedelta(days=days),
            )
            .exclude(screenings__kind=kind)
            .select_related("flagged_by")
            .distinct()
        )
        for citizen in citizens:
            for user in staff_of(citizen):
                sent += bool(
                    queue(
                        "rescreening_due",
                        to=user,
                        context={
                            "citizen": citizen,
                            "kind_label": Screening.Kind(kind).label,
                            "citizen_url": absolute(
                                reverse("frontend:homecare-citizen", args=[citizen.pk])
                            ),
                        },
                        dedupe_key=f"rescreening:{citizen.pk}:{kind}:{user.pk}",
                    )
                )
    return sent


def waiting_proposals_for(user):
    """Open proposals the coordinator answers: theirs, or their organisations' unassigned."""
    organisations = Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values(
        "organisation_id"
    )
    return (
        Match.objects.filter(status=Match.Status.PROPOSED)
        .filter(Q(coordinator=user) | Q(coordinator__isnull=True, organisation__in=organisations))
        .select_related("citizen", "activity")
        .order_by("created_at")
    )


def digests(*, now: datetime) -> int:
    """At most one digest a day to each coordinator who chose one, when proposals wait."""
    local = timezone.localtime(now)
    if local.time() < DIGEST_FROM:
        return 0
    today = local.date()
    users = get_user_model().objects.filter(
        is_active=True, notification_preference__proposals=Preference.Proposals.DIGEST
    )
    sent = 0
    for user in users:
        matches = list(waiting_proposals_for(user))
        if not matches:
            continue
        sent += bool(
            queue(
                "proposals_digest",
                to=user,
                context={
                    "user": user,
                    "matches": matches,
                    "inbox_url": absolute(reverse("frontend:inbox")),
                },
                organisation=matches[0].organisation,
                dedupe_key=f"digest:{user.pk}:{today.isoformat()}",
            )
        )
        Preference.objects.filter(user=user).update(last_digest_on=today)
    return sent


def run(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return visits_tomorrow(now=now) + rescreenings_due(now=now) + digests(now=now)
