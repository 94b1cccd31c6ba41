"""Admin for municipalities, organisations, roles, meeting places, activities, volunteers."""

from django.contrib import admin

from .models import (
    Activity,
    ActivityException,
    MeetingPlace,
    Membership,
    Municipality,
    Organisation,
    Team,
    Volunteer,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "phone", "email"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "email"]
    readonly_fields = ["uuid"]
    filter_horizontal = ["serves"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The list shows every municipality served, the organisation's own among them.
        form.instance.serves.add(form.instance.municipality)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "team", "organisation"]
    list_filter = ["role", "municipality", "team", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "team", "organisation"]
    list_select_related = ["user", "municipality", "team", "organisation"]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["title", "category", "weekday", "start_time", "end_time", "capacity", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "postcode", "step_free", "host"]
    list_filter = ["municipality", "town", "step_free", "accessible_toilet", "parking"]
    search_fields = ["name", "street", "town", "postcode"]
    readonly_fields = ["uuid"]
    list_select_related = ["host"]
    inlines = [ActivityInline]


class ActivityExceptionInline(admin.TabularInline):
    model = ActivityException
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "meeting_place",
        "organisation",
        "category",
        "weekday",
        "start_time",
        "end_time",
        "capacity",
        "participants",
        "price",
        "is_active",
    ]
    list_filter = [
        "municipality",
        "category",
        "weekday",
        "audience",
        "companion_available",
        "is_active",
        "organisation",
        "meeting_place__step_free",
    ]
    search_fields = ["title", "description", "meeting_place__name", "meeting_place__town"]
    readonly_fields = ["uuid"]
    autocomplete_fields = ["meeting_place", "organisation", "coordinator"]
    list_select_related = ["meeting_place", "organisation"]
    inlines = [ActivityExceptionInline]


@admin.register(ActivityException)
class ActivityExceptionAdmin(admin.ModelAdmin):
    list_display = ["activity", "date", "reason"]
    list_filter = ["date"]
    search_fields = ["activity__title", "reason"]
    date_hierarchy = "date"
    autocomplete_fields = ["activity"]


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "postcode",
        "can_accompany",
        "has_car",
        "max_citizens",
        "is_approved",
    ]
    list_filter = ["municipality", "organisation", "is_approved", "can_accompany", "has_car"]
    search_fields = ["first_name", "last_name", "email", "postcode"]
    readonly_fields = ["uuid", "created_at"]
    autocomplete_fields = ["user"]
    list_select_related = ["organisation"]
