"""Reading the published register for other systems: the open-data (HSDS) feed and the
calendar feeds.

Published is what the public finder shows: active activities, their meeting places and
the organisations that run or host them. Nothing here reads citizens, volunteers or
coordinators, and no caller needs them.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from .geo import DistanceFrom, Point, bounding_box
from .models import Activity, MeetingPlace, Municipality, Organisation
from .selectors import ActivityFilters, filter_activities, in_box


@dataclass(frozen=True)
class OpenDataFilters:
    """What another system can narrow the published activities by; None means "any"."""

    text: str = ""
    organisation: UUID | None = None
    modified_after: datetime | None = None
    category: str | None = None
    interests: tuple[str, ...] = ()
    postcode: str | None = None
    # With a point: only activities within radius_km of it (the postcode's centre).
    point: Point | None = None
    radius_km: float | None = None


def published_activities() -> QuerySet[Activity]:
    """Active activities with their place, its municipality and the organisation, in a
    stable order (pages must not shift between requests)."""
    return (
        Activity.objects.published()
        .select_related(
            "meeting_place__municipality",
            "meeting_place__host",
            "organisation__municipality",
        )
        .order_by("pk")
    )


def modified_since(moment: datetime) -> Q:
    """An activity changed, or its place or organisation did, at or after `moment`."""
    return (
        Q(updated_at__gte=moment)
        | Q(meeting_place__updated_at__gte=moment)
        | Q(organisation__updated_at__gte=moment)
    )


def filter_published(queryset: QuerySet[Activity], filters: OpenDataFilters) -> QuerySet:
    queryset = filter_activities(
        queryset,
        ActivityFilters(
            category=filters.category,
            interests=filters.interests,
            organisation=filters.organisation,
            text=filters.text,
        ),
    )
    if filters.modified_after:
        queryset = queryset.filter(modified_since(filters.modified_after))
    if filters.point is not None and filters.radius_km is not None:
        queryset = queryset.filter(
            meeting_place__in=places_within(filters.point, radius_km=filters.radius_km)
        )
    elif filters.postcode:
        queryset = queryset.filter(meeting_place__postcode=filters.postcode)
    return queryset


def places_within(point: Point, *, radius_km: float) -> list[int]:
    """Ids of the meeting places within radius_km of a point (box on the index, then the
    exact distance)."""
    measure = DistanceFrom(point)
    rows = in_box(MeetingPlace.objects.order_by(), bounding_box(point, radius_km))
    return [
        pk
        for pk, latitude, longitude in rows.values_list("pk", "latitude", "longitude")
        if measure.km(latitude, longitude) <= radius_km
    ]


def published_organisations() -> QuerySet[Organisation]:
    """Organisations that run an active activity or host a meeting place."""
    runs = Activity.objects.published().filter(organisation=OuterRef("pk"))
    hosts = MeetingPlace.objects.filter(host=OuterRef("pk"))
    return (
        Organisation.objects.filter(Exists(runs) | Exists(hosts))
        .select_related("municipality")
        .order_by("pk")
    )


def filter_organisations(
    queryset: QuerySet[Organisation], *, text: str = ""
) -> QuerySet[Organisation]:
    for word in text.split():
        queryset = queryset.filter(name__icontains=word)
    return queryset


def activities_of_organisation(organisation: Organisation) -> QuerySet[Activity]:
    return published_activities().filter(organisation=organisation)


def places_of_organisation(organisation: Organisation) -> QuerySet[MeetingPlace]:
    """Where an organisation is found: the places it hosts or holds activities at."""
    runs_here = Activity.objects.published().filter(
        meeting_place=OuterRef("pk"), organisation=organisation
    )
    return (
        MeetingPlace.objects.filter(Q(host=organisation) | Exists(runs_here))
        .select_related("municipality", "host")
        .order_by("pk")
    )


def published_activity(uuid: UUID) -> Activity | None:
    return published_activities().prefetch_related("exceptions").filter(uuid=uuid).first()


def published_municipality(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def published_municipalities() -> QuerySet[Municipality]:
    """Municipalities with at least one published activity."""
    active = Activity.objects.published().filter(municipality=OuterRef("pk"))
    return Municipality.objects.filter(Exists(active))


def calendar_activities(**scope) -> QuerySet[Activity]:
    """The published activities of a place, an organisation or a municipality, with their
    cancellations, for a calendar feed. `scope` is one of meeting_place=,
    organisation=, municipality=."""
    return published_activities().filter(**scope).prefetch_related("exceptions")
