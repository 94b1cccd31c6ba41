from django.contrib import admin, messages

from . import delivery
from .models import EscalationStep, Message, Preference


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "template",
        "state",
        "attempts",
        "organisation",
        "last_error",
    ]
    list_filter = ["state", "channel", "template"]
    date_hierarchy = "created_at"
    # A message's text may name a citizen; the admin shows it, never edits it.
    readonly_fields = [field.name for field in Message._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send igen")
    def retry(self, request, queryset):
        for message in queryset.exclude(state=Message.State.SENT):
            delivery.retry(message=message)
        self.message_user(request, "Beskederne sendes igen.", messages.SUCCESS)


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "proposals", "reminders", "language", "last_digest_on"]


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    list_display = ["match", "level", "taken_at"]
    readonly_fields = ["match", "level", "taken_at"]
