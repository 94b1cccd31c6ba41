"""The project's admin site: Django's, with what it shows of citizens audited.

Installed as the default site (`config.apps.AdminConfig`), so `admin.site` is this one.
The model admins of citizens' records audit their own pages (matching/admin.py); the site
adds the two places where any model admin shows them: the autocomplete's results and the
delete confirmation, which names every related record that would go too.
"""

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import router
from django.urls import path, reverse

from matching.access import is_audited, record_shown
from security.support import active_support_session, audit_detail
from security.support_views import support_session


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


class SupportSessionNeeded(PermissionDenied):
    """A page would show citizens' records outside a support session."""


class AuditedDeleteConfirmation:
    """Mixed into every model admin of the site: the records that a delete confirmation
    lists (the object and everything that would go with it, or that protects it) are
    audited when they are citizens' records, and shown only in a support session."""

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except SupportSessionNeeded:
            return redirect_to_login(request.get_full_path(), reverse("admin:support-session"))

    def get_deleted_objects(self, objs, request):
        result = super().get_deleted_objects(objs, request)
        _deleted, _counts, _perms_needed, protected = result
        if request.method == "POST" and not protected:
            return result  # deleted, not shown: the delete is audited as one (log_deletions)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        listed = [obj for found in collector.model_objs.values() for obj in found]
        audited = [obj for obj in [*listed, *collector.protected] if is_audited(obj)]
        if audited:
            # Citizens' records are shown only inside a support session.
            support = active_support_session(request)
            if support is None:
                raise SupportSessionNeeded
            record_shown(
                request.user,
                audited,
                view=f"admin:{self.opts.model_name}_delete",
                detail=audit_detail(support),
            )
        return result


class SamvaerAdminSite(admin.AdminSite):
    site_header = "Samvær"
    site_title = "Samvær"
    index_title = "Administration"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        audited = type(
            admin_class.__name__,
            (AuditedDeleteConfirmation, admin_class),
            {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
        )
        super().register(model_or_iterable, audited, **options)

    def autocomplete_view(self, request):
        return AuditedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        page = self.admin_view(lambda request: support_session(request, self))
        return [path("support/", page, name="support-session"), *super().get_urls()]
