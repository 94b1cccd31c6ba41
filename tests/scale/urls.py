"""The real URLs, plus test-only ones the scale tests drive over HTTP. Never in production:
only tests/scale/settings.py points here."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("scale-test/publish/", views.publish_event),
    path("scale-test/cached/", views.cached_greeting),
    path("scale-test/database/", views.database_backend),
    path("", include("config.urls")),
]
