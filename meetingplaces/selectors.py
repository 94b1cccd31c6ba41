"""Reading meeting places and activities for the public finder: filters and nearby search.

Nearby search, never a scan in Python:
1. the database returns only the rows inside the search circle's bounding box: one range
   scan of the composite index `meetingplace_near_idx`;
2. `geo.DistanceFrom` measures those rows (about 0.6 µs each), drops the box corners
   outside the circle and sorts by distance.
Most boxes hold a few dozen activities: the first query then returns them whole (the
columns a list shows, flat, `ListedRows`) and a page is built from those rows, one query
in all. A box holding more than WHOLE_ROWS_LIMIT returns only (id, latitude, longitude)
and the page's rows are loaded in full afterwards, in a constant number of queries.

Activities have no location of their own: they are where their meeting place is. The box
is therefore answered on MeetingPlace's composite index and the activities are reached
through `activity_place_active_idx` (meeting_place, is_active). SQLite's plan for the
default search reads indexes only: SEARCH meetingplace USING COVERING INDEX
meetingplace_near_idx (latitude>? AND latitude<?), then SEARCH activity USING INDEX
activity_place_active_idx (asserted in tests/meetingplaces/test_nearby_query_plan.py).
We do not copy the location onto Activity: a meeting place holds several activities, so
the range scan (a latitude band, filtered on longitude inside the index) runs over a third
of the entries a per-activity index would hold, and a moved meeting place cannot leave its
activities behind.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from uuid import UUID

from django.db import connections
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import vocabulary
from .geo import Box, DistanceFrom, Point, bounding_box
from .models import Activity, ActivityException, MeetingPlace, Organisation

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
    """Active activities, with what a public list shows of them (no coordinator)."""
    return (
        Activity.objects.filter(is_active=True)
        .select_related("meeting_place", "organisation")
        .prefetch_related("exceptions")
    )


# What a list of activities shows (the API's rows, the finder's list and map): loading
# only these makes a page's model instances about half as costly to build.
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
    """Mark each activity with whether it has a cancelled date from today on.

    A subquery on the exception table's (activity, date) index, so attach_cancelled_dates
    asks for the dates of only the few rows that have any: most pages have none. Written
    as SQL: the ORM's Exists() took longer to build, for each search, than the database
    took to answer the whole search (1.4 ms against 0.5 ms at 100,000 activities)."""
    connection = connections[queryset.db]
    name = connection.ops.quote_name
    exceptions = name(ActivityException._meta.db_table)
    activity = ActivityException._meta.get_field("activity").column
    day = ActivityException._meta.get_field("date").column
    pk = f"{name(Activity._meta.db_table)}.{name(Activity._meta.pk.column)}"
    upcoming = RawSQL(
        f"EXISTS (SELECT 1 FROM {exceptions} WHERE {exceptions}.{name(activity)} = {pk}"
        f" AND {exceptions}.{name(day)} >= %s)",
        [connection.ops.adapt_datefield_value(today)],
        output_field=BooleanField(),
    )
    return queryset.annotate(has_cancellations=upcoming)


def attach_cancelled_dates(activities: list[Activity], *, today: date | None = None) -> None:
    """Give each activity `cancelled_dates` (from today on) in at most one query.

    For next_dates(); cheaper than prefetching the exceptions as model instances, on the
    finder's hot path. Rows loaded through with_cancellation_flag() that have none need no
    query at all.
    """
    today = today or timezone.localdate()
    cancelled: dict[int, set[date]] = {activity.pk: set() for activity in activities}
    asked = [a.pk for a in activities if getattr(a, "has_cancellations", True)]
    if asked:
        rows = ActivityException.objects.filter(activity_id__in=asked, date__gte=today)
        for activity_id, day in rows.order_by().values_list("activity_id", "date"):
            cancelled[activity_id].add(day)
    for activity in activities:
        activity.cancelled_dates = cancelled[activity.pk]


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


class NearbyResults(Sequence):
    """Rows within a radius, nearest first; each loaded row carries `distance_km`.

    Holds only (distance, id) pairs of every hit; slicing loads the rows of that slice
    through `load` (ids -> {id: row}), so Django's Paginator (and DRF's) pages it like a
    queryset. `attach` adds what the caller needs to the loaded rows, in one query.
    """

    def __init__(self, hits: list[tuple[float, int]], load, attach=None):
        self.hits = hits
        self.load = load
        self.attach = attach

    def __len__(self) -> int:
        return len(self.hits)

    def count(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.hits[index])
        return self._load([self.hits[index]])[0]

    def __iter__(self):
        return iter(self._load(self.hits))

    def _load(self, hits: list[tuple[float, int]]) -> list:
        if not hits:
            return []
        rows = self.load([pk for _distance, pk in hits])
        loaded = []
        for distance, pk in hits:
            row = rows.get(pk)
            if row is not None:  # deleted between the two queries
                row.distance_km = distance
                loaded.append(row)
        if self.attach and loaded:
            self.attach(loaded)
        return loaded


def rows_by_pk(queryset: QuerySet):
    """A NearbyResults loader: the rows of the given ids, in one query on `queryset`.

    `queryset` need not repeat the search's filters: the hits already passed them."""
    return lambda pks: {row.pk: row for row in queryset.filter(pk__in=pks).order_by()}


def _nearest(rows, *, point: Point, radius_km: float) -> list[tuple[float, int]]:
    measure = DistanceFrom(point)
    # Activities share their meeting place's location: measure each place once.
    measured: dict[tuple[float, float], float] = {}
    hits = []
    for pk, latitude, longitude in rows:
        distance = measured.get((latitude, longitude))
        if distance is None:
            distance = measured[latitude, longitude] = measure.km(latitude, longitude)
        if distance <= radius_km:
            hits.append((distance, pk))
    hits.sort()
    return hits


# A search whose box holds at most this many activities reads them whole in one query and
# builds its page from those rows: most searches (about 50 rows within the default 5 km at
# 100,000 activities over Denmark) then cost one query instead of two. A denser box is read
# in two steps, so a wide search never carries every row in full (benchmarks/README.md).
WHOLE_ROWS_LIMIT = 150


class ListedRows:
    """Flat rows of what a list shows of activities, and the instances built from them.

    The columns are LISTED_ACTIVITY_FIELDS and the activity's keys, in each model's field
    order, as Model.from_db() takes them: the same instances select_related("meeting_place",
    "organisation").only(...) would give. A meeting place's or organisation's primary key
    is the activity's foreign key, read once."""

    def __init__(self):
        listed = {"id", "meeting_place_id", "organisation_id", *LISTED_ACTIVITY_FIELDS}
        lookups = []
        self.parts = []  # (model, relation or None, attnames, key column, first, last)
        for model, relation in ((Activity, None), (MeetingPlace, "meeting_place"),
                                (Organisation, "organisation")):  # fmt: skip
            prefix = f"{relation}__" if relation else ""
            pk = model._meta.pk.attname
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if f.attname == pk or f"{prefix}{f.attname}" in listed
            ]
            assert names[0] == pk  # first in field order, as from_db() takes it
            key = lookups.index(f"{relation}_id") if relation else len(lookups)
            own = names[1:] if relation else names
            self.parts.append((model, relation, names, key, len(lookups), len(lookups) + len(own)))
            lookups += [f"{prefix}{name}" for name in own]
        self.latitude = lookups.index("meeting_place__latitude")
        self.longitude = lookups.index("meeting_place__longitude")
        # Built once: resolving these 26 columns and their joins cost more per search than
        # the database's answer. A template only: every search filters a copy of it.
        self.queryset = Activity.objects.filter(is_active=True).order_by().values_list(*lookups)

    def build(self, rows: list[tuple], db: str) -> dict[int, Activity]:
        """The activities of these rows by primary key. Rows at the same meeting place or of
        the same organisation share one instance of it, as a prefetch would give."""
        (model, _, names, _, first, last), *related = self.parts
        shared: dict[tuple[str, int], object] = {}
        built = {}
        for row in rows:
            activity = model.from_db(db, names, row[first:last])
            for related_model, relation, related_names, key, start, stop in related:
                if (relation, row[key]) not in shared:
                    values = (row[key], *row[start:stop])
                    shared[relation, row[key]] = related_model.from_db(db, related_names, values)
                setattr(activity, relation, shared[relation, row[key]])
            activity.has_cancellations = row[-1]
            built[activity.pk] = activity
        return built


def activities_near(
    *, point: Point, radius_km: float, filters: ActivityFilters | None = None
) -> NearbyResults:
    """Active activities within radius_km of point, nearest first."""
    filters = filters or ActivityFilters()
    box = bounding_box(point, radius_km)
    today = timezone.localdate()
    attach = partial(attach_cancelled_dates, today=today)

    listed = listed_rows()
    whole = listed_rows_in_box(filters, box, today=today)
    rows = list(whole[: WHOLE_ROWS_LIMIT + 1])
    if len(rows) <= WHOLE_ROWS_LIMIT:
        by_pk = {row[0]: row for row in rows}
        located = ((pk, row[listed.latitude], row[listed.longitude]) for pk, row in by_pk.items())
        return NearbyResults(
            _nearest(located, point=point, radius_km=radius_km),
            lambda pks: listed.build([by_pk[pk] for pk in pks], whole.db),
            attach=attach,
        )
    # A dense box: the ids and locations of all its rows, then the page's rows by primary
    # key (the hits already passed the filters).
    queryset = filter_activities(Activity.objects.filter(is_active=True), filters)
    page_rows = public_activities().prefetch_related(None).only(*LISTED_ACTIVITY_FIELDS)
    return NearbyResults(
        _nearest(activity_rows_in_box(queryset, box), point=point, radius_km=radius_km),
        rows_by_pk(with_cancellation_flag(page_rows, today=today)),
        attach=attach,
    )


@cache
def listed_rows() -> ListedRows:
    return ListedRows()


def listed_rows_in_box(filters: ActivityFilters, box: Box, *, today: date) -> QuerySet:
    """The active activities in the box that pass the filters, as flat ListedRows rows
    ending in the cancellation flag (with_cancellation_flag)."""
    queryset = filter_activities(listed_rows().queryset, filters)
    return with_cancellation_flag(in_box(queryset, box, "meeting_place__"), today=today)


def meeting_places_near(
    *, point: Point, radius_km: float, queryset: QuerySet | None = None
) -> NearbyResults:
    """Meeting places within radius_km of point, nearest first."""
    queryset = public_meeting_places() if queryset is None else queryset
    box = bounding_box(point, radius_km)
    rows = in_box(queryset, box).order_by().values_list("pk", "latitude", "longitude")
    return NearbyResults(_nearest(rows, point=point, radius_km=radius_km), rows_by_pk(queryset))


def activities_at(*, meeting_place: MeetingPlace) -> QuerySet[Activity]:
    """The active activities of one meeting place, in weekly order."""
    return public_activities().filter(meeting_place=meeting_place)
