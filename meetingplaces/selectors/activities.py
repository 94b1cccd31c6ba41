"""Reading activities and meeting places for the public finder: what a list shows and the
filters a citizen narrows it by."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from .. import vocabulary
from ..geo import Box
from ..models import (
    Activity,
    ActivityException,
    MeetingPlace,
)
from ..schedules import days_of

DEFAULT_RADIUS_KM = 5.0
MAX_RADIUS_KM = 50.0


@dataclass(frozen=True)
class ActivityFilters:
    """What a citizen can narrow the activities by. None or empty means "any"."""

    category: str | None = None
    interests: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    time_of_day: int | None = None
    step_free: bool | None = None
    free: bool | None = None
    companion: bool | None = None
    organisation: UUID | None = None
    text: str = ""


def public_activities() -> QuerySet[Activity]:
    """Published activities, with what a public list shows of them (no coordinator)."""
    return (
        Activity.objects.published()
        .select_related("meeting_place", "organisation")
        .prefetch_related("exceptions")
    )


# What a list of activities shows (the API's rows, the finder's list and map): a page
# loads only these.
LISTED_ACTIVITY_FIELDS = (
    "uuid",
    "title",
    "category",
    "interests",
    "weekday",
    "start_time",
    "end_time",
    "starts_on",
    "ends_on",
    "recurrence",
    "price",
    "audience",
    "companion_available",
    "meeting_place__uuid",
    "meeting_place__name",
    "meeting_place__street",
    "meeting_place__postcode",
    "meeting_place__town",
    "meeting_place__latitude",
    "meeting_place__longitude",
    "meeting_place__step_free",
    "organisation__uuid",
    "organisation__name",
    "organisation__website",
)


def with_cancellation_flag(queryset: QuerySet[Activity], *, today: date) -> QuerySet:
    """Mark each activity with whether it has a cancelled date from today on: a lookup on
    the exception table's (activity, date) index, so that attach_cancelled_dates asks for
    the dates of only the few rows that have any (most pages have none)."""
    upcoming = ActivityException.objects.filter(activity=OuterRef("pk")).filter(not_over(today))
    return queryset.annotate(has_cancellations=Exists(upcoming))


def not_over(today: date) -> Q:
    """Cancellations and breaks that still cover today or a later day."""
    return Q(date__gte=today) | Q(last_date__gte=today)


def attach_cancelled_dates(activities: list[Activity], *, today: date | None = None) -> None:
    """Give each activity `cancelled_dates` (from today on) in one query, for next_dates():
    the finder's lists need the dates only, not the exceptions as model instances."""
    today = today or timezone.localdate()
    cancelled: dict[int, set[date]] = {activity.pk: set() for activity in activities}
    # Rows loaded with_cancellation_flag() that have none need no query at all.
    asked = [a.pk for a in activities if getattr(a, "has_cancellations", True)]
    if asked:
        rows = ActivityException.objects.filter(not_over(today), activity_id__in=asked)
        for activity_id, first, last in rows.order_by().values_list(
            "activity_id", "date", "last_date"
        ):
            cancelled[activity_id].update(days_of(first, last))
    for activity in activities:
        activity.cancelled_dates = cancelled[activity.pk]


def upcoming_cancellations(activity: Activity) -> list[ActivityException]:
    """Its cancellations and breaks not yet over, from its prefetched exceptions."""
    today = timezone.localdate()
    return sorted(
        (e for e in activity.exceptions.all() if (e.last_date or e.date) >= today),
        key=lambda e: e.date,
    )


def filter_activities(queryset: QuerySet[Activity], filters: ActivityFilters) -> QuerySet:
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.interests:
        mask = vocabulary.interests_to_mask(filters.interests)
        queryset = queryset.alias(shared=F("interests").bitand(mask)).filter(shared__gt=0)
    if filters.weekdays:
        queryset = queryset.filter(weekday__in=filters.weekdays)
    if filters.time_of_day is not None:
        queryset = queryset.filter(vocabulary.part_of_day_q(filters.time_of_day))
    if filters.step_free is not None:
        queryset = queryset.filter(meeting_place__step_free=filters.step_free)
    if filters.free is True:
        queryset = queryset.filter(price=0)
    elif filters.free is False:
        queryset = queryset.filter(price__gt=0)
    if filters.companion is not None:
        queryset = queryset.filter(companion_available=filters.companion)
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    if filters.text:
        for word in filters.text.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(meeting_place__name__icontains=word)
                | Q(meeting_place__town__icontains=word)
                | Q(organisation__name__icontains=word)
            )
    return queryset


def public_meeting_places() -> QuerySet[MeetingPlace]:
    return MeetingPlace.objects.select_related("host", "municipality")


def in_box(queryset: QuerySet, box: Box, prefix: str = "") -> QuerySet:
    """Rows whose (latitude, longitude) lie in the box: one range scan of the index."""
    return queryset.filter(
        **{
            f"{prefix}latitude__gte": box.south,
            f"{prefix}latitude__lte": box.north,
            f"{prefix}longitude__gte": box.west,
            f"{prefix}longitude__lte": box.east,
        }
    )


def activity_rows_in_box(queryset: QuerySet[Activity], box: Box) -> QuerySet:
    """(id, latitude, longitude) of the activities whose meeting place lies in the box.

    No ORDER BY: the rows are sorted by distance in Python. An ORDER BY would also let the
    database prefer reading all activities in that order over the box's range scan."""
    return (
        in_box(queryset, box, "meeting_place__")
        .order_by()
        .values_list("pk", "meeting_place__latitude", "meeting_place__longitude")
    )


def activities_at(*, meeting_place: MeetingPlace) -> QuerySet[Activity]:
    """The active activities of one meeting place, in weekly order."""
    return public_activities().filter(meeting_place=meeting_place)
