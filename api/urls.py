"""REST API v1: one router for the viewsets, the OpenAPI schema and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api.activities import ActivityViewSet, MeetingPlaceViewSet

from .docs import ApiDocsView

router = DefaultRouter()
router.register("activities", ActivityViewSet, basename="activity")
router.register("meeting-places", MeetingPlaceViewSet, basename="meetingplace")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="schema"), name="docs"),
    path("", include(router.urls)),
]
