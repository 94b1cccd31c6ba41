"""The API: DRF, its schema, keys for other systems (knox) and cross-origin reads."""

import os

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Other systems call the API with a key (`Authorization: Token …`, integrations/).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "integrations.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # One error shape for the whole API; domain errors carry their status (api/exceptions.py).
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # DRF's JSON parser, which also answers a too deeply nested document with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Throttles: generous for people, a wall for scripts. Counted per client address as
    # security.addresses resolves it (TRUSTED_PROXIES); a key is limited by its scope's
    # rate, per key: a website reads public data faster than an anonymous visitor may.
    "DEFAULT_THROTTLE_CLASSES": [
        "security.throttles.AnonymousClientThrottle",
        "integrations.throttling.UserOrTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("THROTTLE_USER", "600/minute"),
        "token_website": os.environ.get("THROTTLE_TOKEN_WEBSITE", "3000/minute"),
        "token_care_record": os.environ.get("THROTTLE_TOKEN_CARE_RECORD", "600/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Samvær API",
    "DESCRIPTION": (
        "Open meeting places, activities and matching of lonely older citizens. "
        "Postal code data, place names and coordinates: GeoNames (www.geonames.org), "
        "CC BY 4.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's assets come from the installed sidecar package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name their choice sets in the schema after the model.
    "ENUM_NAME_OVERRIDES": {
        # The loneliness scale's answers (1-3) are one choice set for its three questions.
        "LonelinessAnswerEnum": "matching.models.Screening.Answer",
        "MatchStatusEnum": "matching.models.Match.Status",
        "SelfReferralStatusEnum": "matching.models.SelfReferral.Status",
        "CitizenStatusEnum": "matching.models.Citizen.Status",
        "MentorRequestStatusEnum": "mentors.models.MentorRequest.Status",
        "MentorDeclineCategoryEnum": "mentors.models.MentorRequest.DeclineCategory",
        "ActivityCategoryEnum": "meetingplaces.vocabulary.Category",
    },
    # The schema says what the API sends (api/schema.py), so schemathesis can hold it to it.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.local_times_without_offset",
        "api.schema.describe_public_reads",
        "api.schema.errors_in_one_shape",
    ],
}

KNOX_TOKEN_MODEL = "integrations.ApiToken"
# knox's own token table is never used (our model replaces it); without its migrations it is
# never made, so no stray table holds a key to the users (PostgreSQL could not flush them).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    # Keys live until the municipality's admin revokes them.
    "TOKEN_TTL": None,
    "TOKEN_PREFIX": "samvaer_",
    "AUTH_HEADER_PREFIX": "Token",
}

# Other sites' pages may read the public data from a browser: activities, meeting places,
# the HSDS feed and the calendars. Nothing else answers a cross-origin request, and these
# take no cookies (credentials are not allowed).
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api/v1/(activities|meeting-places|hsds)(/.*)?|.+\.ics)$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
