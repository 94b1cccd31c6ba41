"""REST API v1: one router for the viewsets, the open-data (HSDS) paths, the OpenAPI schema
and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import matches, mentors, reports, volunteers
from .activities import ActivityViewSet, MeetingPlaceViewSet
from .activities.entries import EntryActivityViewSet, EntryMeetingPlaceViewSet
from .citizens import CitizenViewSet
from .docs import ApiDocsView

router = DefaultRouter()
router.register("activities", ActivityViewSet, basename="activity")
router.register("meeting-places", MeetingPlaceViewSet, basename="meeting-place")
# The entries their owners keep: a coordinator's organisation's, an admin's municipality's.
router.register("entries/activities", EntryActivityViewSet, basename="entry-activity")
router.register("entries/meeting-places", EntryMeetingPlaceViewSet, basename="entry-meeting-place")
router.register("citizens", CitizenViewSet, basename="citizen")
router.register("matches", matches.MatchViewSet, basename="match")
router.register("self-referrals", matches.SelfReferralViewSet, basename="self-referral")
router.register("mentor-requests", mentors.MentorRequestViewSet, basename="mentor-request")
router.register("volunteers", volunteers.VolunteerViewSet, basename="volunteer")
router.register(
    "volunteer-sign-ups", volunteers.VolunteerSignUpViewSet, basename="volunteer-sign-up"
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="schema"), name="docs"),
    path("hsds/", include("api.hsds.urls")),
    path("reports/funnel/", reports.FunnelReport.as_view(), name="report-funnel"),
    path("reports/effect/", reports.EffectReport.as_view(), name="report-effect"),
    path("reports/gaps/", reports.GapReport.as_view(), name="report-gaps"),
    path("", include(router.urls)),
]
