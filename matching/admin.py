"""Admin for citizens, screenings, matches, self-referrals and the (read-only) audit log.

Every citizen record and self-referral the admin shows is audited, like on the pages and in
the API; and shown only inside the operator's support session (security.support), whose
reason each audit row carries.
"""

import json
from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from security.support import active_support_session, audit_detail

from .access import record_change, record_shown
from .models import AuditEvent, Citizen, Match, MatchStatusChange, Screening, SelfReferral
from .privacy import anonymise_citizen, export_citizen, withdraw_consent


def in_support_session(view):
    """An admin page of citizens' records: without a support session, the operator is sent
    to start one (and comes back here)."""

    @wraps(view)
    def wrapper(model_admin, request, *args, **kwargs):
        if active_support_session(request) is None:
            return redirect_to_login(request.get_full_path(), reverse("admin:support-session"))
        return view(model_admin, request, *args, **kwargs)

    return wrapper


class AuditedCitizenAdmin(admin.ModelAdmin):
    """Audits, through `matching.access`, every admin page that shows or changes citizens'
    records: lists, the change page, history, and every save and delete, with the support
    session's reason. The site (config/admin.py) audits the autocomplete's results (asking
    `audit_shown`) and the delete confirmation."""

    def _view(self, page: str) -> str:
        return f"admin:{self.opts.model_name}_{page}"

    def _why(self, request) -> str:
        support = active_support_session(request)
        if support is None:
            raise PermissionDenied
        return audit_detail(support)

    def audit_shown(self, request, rows, page: str) -> list:
        return record_shown(request.user, rows, view=self._view(page), detail=self._why(request))

    def _record_page(self, request, response, page: str) -> None:
        context = getattr(response, "context_data", None) or {}
        if "cl" in context:
            self.audit_shown(request, context["cl"].result_list, page)
        elif context.get("original") is not None or context.get("object") is not None:
            self.audit_shown(request, [context.get("original") or context.get("object")], page)

    def _record_changed(self, request, rows, action: str, page: str) -> None:
        record_change(
            request.user, rows, action=action, view=self._view(page), detail=self._why(request)
        )

    @in_support_session
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        self._record_page(request, response, "changelist")
        return response

    @in_support_session
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @in_support_session
    def delete_view(self, request, object_id, extra_context=None):
        return super().delete_view(request, object_id, extra_context)

    @in_support_session
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # A save is audited in log_change; here only what was shown.
        self._record_page(request, response, "change")
        return response

    @in_support_session
    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_page(request, response, "history")
        return response

    def log_addition(self, request, obj, message):
        self._record_changed(request, [obj], AuditEvent.Action.CREATE, "add")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._record_changed(request, [obj], AuditEvent.Action.UPDATE, "change")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        self._record_changed(request, list(queryset), AuditEvent.Action.DELETE, "delete")
        return super().log_deletions(request, queryset)


class ScreeningInline(admin.TabularInline):
    model = Screening
    extra = 0
    fields = ["kind", "taken_on", "lacks_companionship", "feels_left_out", "feels_isolated"]


@admin.register(Citizen)
class CitizenAdmin(AuditedCitizenAdmin):
    list_display = ["care_reference", "first_name", "team", "status", "postcode", "updated_at"]
    list_filter = ["municipality", "team", "status", "mobility", "companion_needed"]
    search_fields = ["care_reference", "first_name", "postcode"]
    readonly_fields = ["id", "created_at", "updated_at", "anonymised_at"]
    list_select_related = ["team"]
    inlines = [ScreeningInline]
    actions = ["export_as_json", "anonymise", "withdraw"]

    @admin.action(description=_("Eksportér alt om de valgte borgere (JSON)"))
    def export_as_json(self, request, queryset):
        why = self._why(request)
        data = [
            export_citizen(citizen=citizen, by=request.user, view=self._view("export"), why=why)
            for citizen in queryset
        ]
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="borgere.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Anonymisér de valgte borgere"), permissions=["change"])
    def anonymise(self, request, queryset):
        count, why = 0, self._why(request)
        for citizen in queryset.filter(anonymised_at__isnull=True):
            anonymise_citizen(
                citizen=citizen,
                by=request.user,
                reason=f"admin; {why}",
                view=self._view("anonymise"),
            )
            count += 1
        self.message_user(
            request,
            ngettext("%d borger anonymiseret.", "%d borgere anonymiseret.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Borgeren har trukket samtykket tilbage: afslut forløb og slet"),
        permissions=["change"],
    )
    def withdraw(self, request, queryset):
        count, why = 0, self._why(request)
        for citizen in queryset.filter(anonymised_at__isnull=True):
            withdraw_consent(
                citizen=citizen,
                by=request.user,
                reason=f"samtykke trukket tilbage (admin); {why}",
                view=self._view("withdraw"),
            )
            count += 1
        self.message_user(
            request,
            ngettext(
                "Samtykket er trukket tilbage for %d borger; oplysningerne er slettet.",
                "Samtykket er trukket tilbage for %d borgere; oplysningerne er slettet.",
                count,
            )
            % count,
            messages.SUCCESS,
        )


@admin.register(Screening)
class ScreeningAdmin(AuditedCitizenAdmin):
    list_display = ["citizen", "kind", "taken_on", "total"]
    list_filter = ["kind", "taken_on"]
    search_fields = ["citizen__care_reference"]
    autocomplete_fields = ["citizen"]


class MatchStatusChangeInline(admin.TabularInline):
    model = MatchStatusChange
    extra = 0
    readonly_fields = [
        "from_status",
        "to_status",
        "changed_at",
        "happened_on",
        "changed_by",
        "note",
    ]
    can_delete = False


@admin.register(Match)
class MatchAdmin(AuditedCitizenAdmin):
    list_display = ["citizen", "activity", "organisation", "status", "score", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["citizen__care_reference", "activity__title"]
    autocomplete_fields = ["citizen", "activity", "coordinator", "companion"]
    list_select_related = ["citizen", "activity", "organisation"]
    inlines = [MatchStatusChangeInline]


@admin.register(MatchStatusChange)
class MatchStatusChangeAdmin(AuditedCitizenAdmin):
    """A match's history is written by the services that change it, never by hand."""

    list_display = ["match", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["match__citizen__care_reference", "note"]
    list_select_related = ["match__citizen", "match__activity"]

    def has_add_permission(self, request):
        return False


@admin.register(SelfReferral)
class SelfReferralAdmin(AuditedCitizenAdmin):
    """A self-referral holds a person's name and contact: audited like a citizen's record
    (under the referral's id)."""

    list_display = ["first_name", "activity", "postcode", "status", "created_at"]
    list_filter = ["status", "municipality"]
    search_fields = ["first_name", "postcode", "activity__title"]
    autocomplete_fields = ["activity"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log can be searched, never edited or deleted."""

    list_display = ["at", "username", "action", "citizen_id", "view"]
    list_filter = ["action", "at"]
    search_fields = ["=citizen_id", "username", "view"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
