"""The project's admin site: Django's, with the autocomplete's results audited.

Installed as the default site (`config.apps.AdminConfig`), so `admin.site` is this one.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class AuditedAutocompleteJsonView(AutocompleteJsonView):
    """The autocomplete's results are records shown like a list's rows: a model admin that
    audits what it shows (`audit_shown`, matching/admin.py) audits them here too."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit_shown = getattr(self.model_admin, "audit_shown", None)
        if audit_shown is not None:
            context["object_list"] = audit_shown(
                self.request, context["object_list"], "autocomplete"
            )
        return context


class SamvaerAdminSite(admin.AdminSite):
    site_header = "Samvær"
    site_title = "Samvær"
    index_title = "Administration"

    def autocomplete_view(self, request):
        return AuditedAutocompleteJsonView.as_view(admin_site=self)(request)
