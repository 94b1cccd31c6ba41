"""The real URLs, plus test-only ones the scale tests drive over HTTP. Never in production:
only tests/scale/settings.py points here."""

from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500

from . import views

# The real error answers (Danish pages, the API's JSON shape, 503 while the database is away).
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("scale-test/publish/", views.publish_event),
    path("scale-test/cached/", views.cached_greeting),
    path("scale-test/database/", views.database_backend),
    path("", include("config.urls")),
]
