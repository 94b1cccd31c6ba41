"""The public, read-only API of the activity finder: activities and meeting places.

Anyone may read it (no login). It shows what a notice board would: never a coordinator,
volunteer or citizen. Unknown or invalid query parameters give 400 with a message per
parameter, in the language of the request.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from api.caching import public_caching
from integrations.authentication import ApiTokenAuthentication
from meetingplaces.models import Activity, MeetingPlace
from meetingplaces.selectors import public_activities, public_meeting_places

from .filters import ActivityFilterSet, FinderPagination, MeetingPlaceFilterSet
from .serializers import (
    ActivityDetailSerializer,
    ActivitySerializer,
    MeetingPlaceDetailSerializer,
    MeetingPlaceSerializer,
)


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    # Public: no session, so no CSRF and no per-user content; a system's key is read only
    # for its rate (a website's key reads faster than an anonymous visitor).
    authentication_classes = [ApiTokenAuthentication]
    pagination_class = FinderPagination
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"  # anything else is a plain 404

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(exc.messages)
        return super().handle_exception(exc)


@method_decorator(public_caching, name="dispatch")
class ActivityViewSet(PublicReadOnlyViewSet):
    """Activities open to everyone. With `near`, sorted by distance, each with distance_km."""

    queryset = Activity.objects.none()
    filterset_class = ActivityFilterSet

    def get_queryset(self):
        # A list is a search: ActivityFilterSet asks the selectors for it.
        return public_activities() if self.action == "retrieve" else Activity.objects.all()

    def get_serializer_class(self):
        return ActivityDetailSerializer if self.action == "retrieve" else ActivitySerializer

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


@method_decorator(public_caching, name="dispatch")
class MeetingPlaceViewSet(PublicReadOnlyViewSet):
    """Open meeting places. With `near`, sorted by distance, each with distance_km."""

    queryset = MeetingPlace.objects.none()
    filterset_class = MeetingPlaceFilterSet

    def get_queryset(self):
        return public_meeting_places()

    def get_serializer_class(self):
        return MeetingPlaceDetailSerializer if self.action == "retrieve" else MeetingPlaceSerializer

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)
