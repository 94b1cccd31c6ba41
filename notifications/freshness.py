"""The weekly freshness job: owners are asked to check activities nobody has verified for
half a year. One message per owner per week, listing their activities."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from meetingplaces.models import Activity

from .compose import preference_of, queue
from .services import coordinators_of

# An entry is stale when its owners have not confirmed it for this long.
VERIFY_EVERY = timedelta(days=182)


def stale_activities(*, today):
    return (
        Activity.objects.filter(is_active=True)
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today - VERIFY_EVERY))
        .select_related("meeting_place", "organisation", "coordinator")
    )


def ask_owners(*, now: datetime | None = None) -> int:
    today = timezone.localtime(now or timezone.now()).date()
    year, week, _ = today.isocalendar()
    by_owner = defaultdict(list)
    for activity in stale_activities(today=today).order_by("title", "pk"):
        # coordinators_of reads coordinator/organisation as a match does.
        for user in coordinators_of(activity):
            by_owner[user].append(activity)
    sent = 0
    for user, activities in by_owner.items():
        if not preference_of(user).reminders:
            continue
        sent += bool(
            queue(
                "entries_to_verify",
                to=user,
                context={"user": user, "activities": activities},
                organisation=activities[0].organisation,
                dedupe_key=f"verify:{user.pk}:{year}-{week}",
                essential=False,
            )
        )
    return sent
