"""The second factor's devices and the support sessions in the admin: an operator sees who
has which device and can delete one (a lost phone), never a device's secret; django-otp's
own admin pages, which show the secret and its QR code, are not installed."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SupportSession

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)


@admin.register(SupportSession)
class SupportSessionAdmin(admin.ModelAdmin):
    """The support sessions, with their reasons: read only."""

    list_display = ["started_at", "username", "ends_at", "reason"]
    date_hierarchy = "started_at"
    search_fields = ["username", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
