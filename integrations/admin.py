from django.contrib import admin

from .models import ApiToken, ApiTokenUse


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "municipality", "team", "created", "revoked_at"]
    # The digest is useless to a reader and the key itself is never stored.
    exclude = ["digest"]
    readonly_fields = ["token_key", "user", "created", "created_by", "revoked_at"]


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    list_display = ["token", "at", "method", "path"]
    list_filter = ["token__municipality"]
