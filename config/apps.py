"""The admin app with the project's site (config/admin.py) as `admin.site`."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "config.admin.SamvaerAdminSite"
