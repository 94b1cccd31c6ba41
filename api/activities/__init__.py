"""The activities and meeting places of the API: the public finder (read-only, anyone) and
the entries their owners keep (coordinators and municipality admins)."""

from .filters import ActivityFilterSet, FinderPagination, MeetingPlaceFilterSet
from .views import ActivityViewSet, MeetingPlaceViewSet

__all__ = [
    "ActivityFilterSet",
    "ActivityViewSet",
    "FinderPagination",
    "MeetingPlaceFilterSet",
    "MeetingPlaceViewSet",
]
