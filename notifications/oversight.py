"""The municipality's daily oversight: its admins are told who read more than
OVERSIGHT_READS_PER_DAY distinct citizens' records in the last 24 hours, and who exported
data (a citizen's file, an outcome report). Computed from the audit log; one message per
admin and day, so a second run sends nothing new."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model

from matching.selectors import oversight_between
from meetingplaces.models import Membership, Municipality

from .compose import queue


def send_oversight_alerts(*, now: datetime) -> int:
    """One message to each admin of each municipality with something to report; returns
    how many were written."""
    since = now - timedelta(hours=24)
    found = oversight_between(since=since, until=now, reads_over=settings.OVERSIGHT_READS_PER_DAY)
    sent = 0
    for municipality in Municipality.objects.filter(pk__in=found).order_by("pk"):
        users = sorted(found[municipality.pk], key=lambda entry: entry.username)
        admins = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__role=Membership.Role.ADMIN,
                memberships__municipality=municipality,
            )
            .distinct()
        )
        for admin in admins:
            sent += bool(
                queue(
                    "oversight_alert",
                    to=admin,
                    context={
                        "municipality": municipality,
                        "users": users,
                        "since": since,
                        "until": now,
                        "limit": settings.OVERSIGHT_READS_PER_DAY,
                    },
                    dedupe_key=f"oversight:{municipality.pk}:{admin.pk}:{now:%Y-%m-%d}",
                )
            )
    return sent
