"""Root URLs: the pages, the API under /api/v1/, the admin and the language switch."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Samvær"
admin.site.site_title = "Samvær"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("notifications.urls")),
    path("", include("frontend.urls")),
]
