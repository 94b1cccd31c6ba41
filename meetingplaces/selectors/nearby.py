"""Reading meeting places and activities for the public finder: filters and nearby search.

Nearby search, never a scan in Python:
1. the database returns (id, latitude, longitude) of the rows inside the search circle's
   bounding box: one range scan of the composite index `meetingplace_near_idx`;
2. `geo.DistanceFrom` measures those rows, drops the box corners outside the circle and
   sorts by distance;
3. the rows of the page asked for are loaded by primary key, with their meeting place and
   organisation, and their cancelled dates in one more query.
Steps 1 and 3 are querysets built here, which the ORM compiles once per shape and the
search then runs with its own box and ids (`statements.compiled_rows`): the finder's one
optimised path.

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
from dataclasses import asdict
from datetime import date
from functools import partial

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet
from django.utils import timezone

from ..geo import Box, DistanceFrom, Point, bounding_box
from ..models import (
    Activity,
    MeetingPlace,
    Organisation,
)
from ..statements import compiled_rows
from .activities import (
    LISTED_ACTIVITY_FIELDS,
    ActivityFilters,
    activity_rows_in_box,
    attach_cancelled_dates,
    filter_activities,
    in_box,
    public_meeting_places,
    with_cancellation_flag,
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


def activities_near(
    *, point: Point, radius_km: float, filters: ActivityFilters | None = None
) -> NearbyResults:
    """Active activities within radius_km of point that pass the filters, nearest first.

    Its two statements (the box, the page's rows) are compiled once per shape and run
    with this search's values: the finder's one optimised path, meetingplaces/statements.py.
    """
    filters = filters or ActivityFilters()
    today = timezone.localdate()
    box = bounding_box(point, radius_km)

    def published_in_box(**edges: float) -> QuerySet:
        queryset = filter_activities(Activity.objects.published(today=today), filters)
        return activity_rows_in_box(queryset, Box(**edges))

    edges = {name: float(edge) for name, edge in asdict(box).items()}
    rows = compiled_rows(("near", filters, today), published_in_box, **edges)
    return NearbyResults(
        _nearest(rows, point=point, radius_km=radius_km),
        partial(listed_activities, today=today),
        attach=partial(attach_cancelled_dates, today=today),
    )


def _in_model_order(model, names) -> tuple[str, ...]:
    """`names`, attnames of the model's columns, in the order of its fields (as from_db wants)."""
    ordered = tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)
    if len(ordered) != len(set(names)):
        raise ValueError(f"not columns of {model.__name__}: {set(names) - set(ordered)}")
    return ordered


def _listed_of(prefix: str) -> list[str]:
    return [name.removeprefix(prefix) for name in LISTED_ACTIVITY_FIELDS if name.startswith(prefix)]


_LISTED_OWN = _in_model_order(
    Activity,
    [
        "id",
        *(n for n in LISTED_ACTIVITY_FIELDS if "__" not in n),
        "meeting_place_id",
        "organisation_id",
    ],
)
_LISTED_PLACE = _in_model_order(MeetingPlace, ["id", *_listed_of("meeting_place__")])
_LISTED_ORGANISATION = _in_model_order(Organisation, ["id", *_listed_of("organisation__")])
_LISTED_COLUMNS = (
    *_LISTED_OWN,
    *(f"meeting_place__{name}" for name in _LISTED_PLACE),
    *(f"organisation__{name}" for name in _LISTED_ORGANISATION),
    "has_cancellations",
)
# Ids asked for in one statement: a page of the API holds at most 100.
_LISTED_CHUNK = 100


def listed_activities(pks: list[int], *, today: date) -> dict[int, Activity]:
    """The activities of these ids with what a list shows (LISTED_ACTIVITY_FIELDS), their
    meeting place and organisation, and `has_cancellations` (with_cancellation_flag).

    A NearbyResults loader: the ids already passed the search's filters."""

    def rows_of(ids: list[int]) -> QuerySet:
        flagged = with_cancellation_flag(Activity.objects.filter(pk__in=ids), today=today)
        return flagged.order_by().values_list(*_LISTED_COLUMNS)

    own, place_end = len(_LISTED_OWN), len(_LISTED_OWN) + len(_LISTED_PLACE)
    activities: dict[int, Activity] = {}
    places: dict[int, MeetingPlace] = {}
    organisations: dict[int, Organisation] = {}
    for start in range(0, len(pks), _LISTED_CHUNK):
        chunk = list(pks[start : start + _LISTED_CHUNK])
        for row in compiled_rows(("listed", today), rows_of, ids=chunk):
            activity = Activity.from_db(DEFAULT_DB_ALIAS, _LISTED_OWN, row[:own])
            place = places.get(activity.meeting_place_id)
            if place is None:
                place = places[activity.meeting_place_id] = MeetingPlace.from_db(
                    DEFAULT_DB_ALIAS, _LISTED_PLACE, row[own:place_end]
                )
            organisation = organisations.get(activity.organisation_id)
            if organisation is None:
                organisation = organisations[activity.organisation_id] = Organisation.from_db(
                    DEFAULT_DB_ALIAS, _LISTED_ORGANISATION, row[place_end:-1]
                )
            activity.meeting_place = place
            activity.organisation = organisation
            activity.has_cancellations = row[-1]
            activities[activity.pk] = activity
    return activities


def meeting_places_near(
    *, point: Point, radius_km: float, queryset: QuerySet | None = None
) -> NearbyResults:
    """Meeting places within radius_km of point, nearest first."""
    queryset = public_meeting_places() if queryset is None else queryset
    box = bounding_box(point, radius_km)
    rows = in_box(queryset, box).order_by().values_list("pk", "latitude", "longitude")
    return NearbyResults(_nearest(rows, point=point, radius_km=radius_km), rows_by_pk(queryset))
