"""The weekly freshness job: owners are asked to confirm activities nobody has confirmed
for settings.FRESHNESS_REMIND_WEEKS, each with a link that confirms it at once. One message
per owner per week, listing their activities; a second run in the same week sends none."""

from collections import defaultdict
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from meetingplaces.entries.freshness import verification_token
from meetingplaces.models import Activity

from .compose import absolute, preference_of, queue
from .services import coordinators_of


def stale_activities(*, today):
    return Activity.objects.due_for_verification(today=today).select_related(
        "meeting_place", "organisation", "coordinator"
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
        links = [
            (
                activity,
                absolute(
                    reverse(
                        "frontend:entry-confirm",
                        args=[verification_token(user=user, activity=activity)],
                    )
                ),
            )
            for activity in activities
        ]
        sent += bool(
            queue(
                "entries_to_verify",
                to=user,
                context={
                    "user": user,
                    "activities": activities,
                    "links": links,
                    "list_url": absolute(reverse("frontend:entries")),
                },
                organisation=activities[0].organisation,
                dedupe_key=f"verify:{user.pk}:{year}-{week}",
                essential=False,
            )
        )
    return sent
