"""Signing out: the browser is told to forget what the session left behind."""

from django.conf import settings
from django.contrib.auth import views as auth_views


class LogoutView(auth_views.LogoutView):
    """Django's logout; in production (CLEAR_SITE_DATA_ON_LOGOUT) the answer also asks the
    browser to clear this site's cache, cookies and storage."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if settings.CLEAR_SITE_DATA_ON_LOGOUT:
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
