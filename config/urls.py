"""Root URLs: the pages, the API under /api/v1/, the admin and the language switch."""

from django.contrib import admin
from django.urls import include, path

from api.exceptions import unknown_path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    # Anything else under /api/ answers 404 in the API's JSON shape, not as a page.
    path("api/<path:url>", unknown_path, name="api-unknown-path"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("security.urls")),
    path("", include("notifications.urls")),
    path("", include("frontend.urls")),
]

# Error pages in Danish in the site's layout; JSON under /api/ (frontend/errors.py).
handler400 = "frontend.errors.bad_request"
handler403 = "frontend.errors.permission_denied"
handler404 = "frontend.errors.page_not_found"
handler500 = "frontend.errors.server_error"
