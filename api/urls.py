"""REST API v1: one router for the viewsets, the OpenAPI schema and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import matches, volunteers
from .citizens import CitizenViewSet

router = DefaultRouter()
router.register("citizens", CitizenViewSet, basename="citizen")
router.register("matches", matches.MatchViewSet, basename="match")
router.register("self-referrals", matches.SelfReferralViewSet, basename="selfreferral")
router.register("volunteers", volunteers.VolunteerViewSet, basename="volunteer")
router.register(
    "volunteer-sign-ups", volunteers.VolunteerSignUpViewSet, basename="volunteer-sign-up"
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include(router.urls)),
]
