"""Admin for mentor offers and requests. A request's personal fields (first name, phone,
e-mail) are not shown here at all: the operator needs the states, not the person."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import FollowUp, MentorOffer, MentorRequest
from .services import anonymise_request


@admin.register(MentorOffer)
class MentorOfferAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "relation", "illness", "status", "max_relatives")
    list_filter = ("status", "relation", "illness")
    raw_id_fields = ("volunteer",)


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    readonly_fields = ("kind", "asked_at", "helped", "answered_at")
    can_delete = False


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "organisation", "status", "relation", "illness", "created_at")
    list_filter = ("status", "relation", "illness")
    exclude = ("first_name", "phone", "email", "consent_text")
    readonly_fields = (
        "municipality",
        "organisation",
        "postcode",
        "latitude",
        "longitude",
        "relation",
        "illness",
        "ways",
        "preferred_slots",
        "consent_given_at",
        "registered_by",
        "team",
        "status",
        "mentor",
        "coordinator",
        "decline_category",
        "score",
        "reasons",
        "accepted_at",
        "anonymised_at",
    )
    inlines = [FollowUpInline]

    def has_add_permission(self, request):
        return False


@admin.action(description=_("Anonymisér de valgte (sletning efter ønske)"))
def erase(modeladmin, request, queryset):
    for found in queryset:
        anonymise_request(request_id=found.pk, by=request.user, reason="admin")


MentorRequestAdmin.actions = [erase]
