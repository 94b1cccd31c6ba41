"""Admin for citizens, screenings, matches, self-referrals and the (read-only) audit log.

Every citizen record the admin shows is audited, like on the pages and in the API.
"""

import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .audit import record_citizen_access
from .models import AuditEvent, Citizen, Match, MatchStatusChange, Screening, SelfReferral
from .privacy import anonymise_citizen, export_citizen


class ScreeningInline(admin.TabularInline):
    model = Screening
    extra = 0
    fields = ["kind", "taken_on", "lacks_companionship", "feels_left_out", "feels_isolated"]


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    list_display = ["care_reference", "first_name", "team", "status", "postcode", "updated_at"]
    list_filter = ["municipality", "team", "status", "mobility", "companion_needed"]
    search_fields = ["care_reference", "first_name", "postcode"]
    readonly_fields = ["id", "created_at", "updated_at", "anonymised_at"]
    list_select_related = ["team"]
    inlines = [ScreeningInline]
    actions = ["export_as_json", "anonymise"]

    @admin.action(description=_("Eksportér alt om de valgte borgere (JSON)"))
    def export_as_json(self, request, queryset):
        data = [export_citizen(citizen=citizen, by=request.user) for citizen in queryset]
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="borgere.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Anonymisér de valgte borgere"), permissions=["change"])
    def anonymise(self, request, queryset):
        count = 0
        for citizen in queryset.filter(anonymised_at__isnull=True):
            anonymise_citizen(citizen=citizen, by=request.user, reason="admin")
            count += 1
        self.message_user(
            request,
            ngettext("%d borger anonymiseret.", "%d borgere anonymiseret.", count) % count,
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = getattr(response, "context_data", {}).get("cl")
        if cl is not None:
            record_citizen_access(
                user=request.user,
                citizen_ids=[c.pk for c in cl.result_list],
                action=AuditEvent.Action.READ,
                view="admin:citizen_changelist",
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            action = (
                AuditEvent.Action.UPDATE if request.method == "POST" else AuditEvent.Action.READ
            )
            record_citizen_access(
                user=request.user,
                citizen_ids=[original.pk],
                action=action,
                view="admin:citizen_change",
            )
        return response


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
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
class MatchAdmin(admin.ModelAdmin):
    list_display = ["citizen", "activity", "organisation", "status", "score", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["citizen__care_reference", "activity__title"]
    autocomplete_fields = ["citizen", "activity", "coordinator", "companion"]
    list_select_related = ["citizen", "activity", "organisation"]
    inlines = [MatchStatusChangeInline]


@admin.register(MatchStatusChange)
class MatchStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["match", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["match__citizen__care_reference", "note"]


@admin.register(SelfReferral)
class SelfReferralAdmin(admin.ModelAdmin):
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
