"""Reads of the meeting places' app: the public finder's lists, filters and nearby search
(`activities`, `nearby`), and the register's counts (`register`)."""

from .activities import (
    DEFAULT_RADIUS_KM,
    LISTED_ACTIVITY_FIELDS,
    MAX_RADIUS_KM,
    ActivityFilters,
    activities_at,
    activity_rows_in_box,
    attach_cancelled_dates,
    filter_activities,
    in_box,
    not_over,
    public_activities,
    public_meeting_places,
    upcoming_cancellations,
    with_cancellation_flag,
)
from .nearby import (
    NearbyResults,
    activities_near,
    listed_activities,
    meeting_places_near,
    rows_by_pk,
)
from .register import municipality_register_counts

__all__ = [
    "DEFAULT_RADIUS_KM",
    "LISTED_ACTIVITY_FIELDS",
    "MAX_RADIUS_KM",
    "ActivityFilters",
    "NearbyResults",
    "activities_at",
    "activities_near",
    "activity_rows_in_box",
    "attach_cancelled_dates",
    "filter_activities",
    "in_box",
    "listed_activities",
    "meeting_places_near",
    "municipality_register_counts",
    "not_over",
    "public_activities",
    "public_meeting_places",
    "rows_by_pk",
    "upcoming_cancellations",
    "with_cancellation_flag",
]
