"""Reading the audit log: a citizen's look-ups (for an access request), and what the
municipality's daily oversight reports (many records read by one user, every export)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from meetingplaces.models import Membership

from ..models import AuditEvent, Citizen, SelfReferral

# The purpose of a look-up, from the page or service that made it (the audit row's view,
# by its longest matching prefix): what a data subject is told (art. 15).
PURPOSES = {
    "frontend:homecare": _("Hjemmeplejen: registrering og opfølgning"),
    "api:citizen": _("Hjemmeplejen: registrering og opfølgning (system)"),
    "frontend:inbox": _("Frivilligkoordinator: forslag til en aktivitet"),
    "frontend:match": _("Frivilligkoordinator: forslag til en aktivitet"),
    "frontend:follow-ups": _("Frivilligkoordinator: opfølgning efter 8 og 12 uger"),
    "api:match": _("Frivilligkoordinator: forslag til en aktivitet (system)"),
    "lifecycle.": _("Frivilligkoordinator: forslag til en aktivitet"),
    "notifications:": _("Besked til borgeren"),
    "frontend:municipal-citizen": _("Kommunen: indsigt, telefon eller sletning"),
    "frontend:citizen-export": _("Kommunen: indsigt"),
    "matching.privacy": _("Indsigt, sletning eller opbevaringsperiode"),
    "admin:": _("Teknisk drift (supportsag)"),
}
OTHER_PURPOSE = _("Samvær: matchning og drift")


def purpose_of(view: str) -> str:
    found = [prefix for prefix in PURPOSES if view.startswith(prefix)]
    return str(PURPOSES[max(found, key=len)]) if found else str(OTHER_PURPOSE)


@dataclass(frozen=True)
class LookUp:
    day: date
    action: str
    purpose: str
    times: int


def look_ups_of(citizen_id, *, limit: int = 500) -> list[LookUp]:
    """The dates and purposes of the look-ups and changes of one citizen's record, the
    newest first, one row per day, action and purpose with how many times: what the data
    subject may see (art. 15). Who looked is not shown here; the export has it."""
    rows = (
        AuditEvent.objects.filter(citizen_id=citizen_id)
        .annotate(day=TruncDate("at"))
        .values("day", "action", "view")
        .annotate(times=Count("id"))
        .order_by("-day", "action", "view")
    )
    merged: dict[tuple, int] = {}
    for row in rows[:limit]:
        key = (row["day"], row["action"], purpose_of(row["view"]))
        merged[key] = merged.get(key, 0) + row["times"]
    return [
        LookUp(day, AuditEvent.Action(action).label, purpose, times)
        for (day, action, purpose), times in merged.items()
    ]


@dataclass
class Oversight:
    """One user's unusual reads or exports in a period, for one municipality."""

    username: str
    citizens_read: int = 0
    exports: list[str] = field(default_factory=list)


def oversight_between(
    *, since: datetime, until: datetime, reads_over: int
) -> dict[int, list[Oversight]]:
    """Per municipality id: each user who read more than `reads_over` distinct records in
    the period (reported to the municipalities whose citizens they read), and each user
    who exported anything (reported to the municipalities they belong to)."""
    events = AuditEvent.objects.filter(at__gte=since, at__lt=until, user__isnull=False)
    found: dict[int, dict[int, Oversight]] = defaultdict(dict)

    counts = (
        events.filter(action=AuditEvent.Action.READ)
        .values("user_id", "username")
        .annotate(records=Count("citizen_id", distinct=True))
        .filter(records__gt=reads_over)
    )
    for row in counts:
        read = events.filter(user_id=row["user_id"], action=AuditEvent.Action.READ)
        municipalities = Citizen.objects.filter(pk__in=read.values("citizen_id")).values_list(
            "municipality_id", flat=True
        )
        # Self-referrals are read under their own ids: their municipalities count too.
        municipalities = {
            *municipalities,
            *SelfReferral.objects.filter(pk__in=read.values("citizen_id")).values_list(
                "municipality_id", flat=True
            ),
        }
        for municipality_id in municipalities:
            entry = found[municipality_id].setdefault(row["user_id"], Oversight(row["username"]))
            entry.citizens_read = row["records"]

    exports = events.filter(action=AuditEvent.Action.EXPORT).order_by("at", "id")
    homes = _municipalities_of_users({event.user_id for event in exports})
    for event in exports:
        for municipality_id in homes.get(event.user_id, ()):
            entry = found[municipality_id].setdefault(event.user_id, Oversight(event.username))
            entry.exports.append(event.detail or event.view)
    return {mid: list(users.values()) for mid, users in found.items()}


def _municipalities_of_users(user_ids) -> dict[int, set[int]]:
    """Each user's municipalities, through any membership (admin, team or organisation)."""
    homes: dict[int, set[int]] = defaultdict(set)
    memberships = Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "municipality_id", "team__municipality_id", "organisation__municipality_id"
    )
    for user_id, *municipalities in memberships:
        homes[user_id].update(m for m in municipalities if m is not None)
    return homes
