"""Samvær's settings: one module, configured from the environment.

The defaults give the embedded mode (SQLite, in-memory channel layer, inline tasks,
offline geocoder). DATABASE_URL and REDIS_URL switch to the scale-out mode.
"""

import importlib.util
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # In development the key is generated once and kept beside the project, untracked,
    # so sessions survive a restart without anyone committing a key.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "config.apps.AdminConfig",  # Django's admin with the project's site (audited autocomplete)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_tasks",
    "meetingplaces",
    "matching",
    "outcomes",
    "api",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; the timeout waits for the lock
    # instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file as well: an in-memory database shared between threads answers a
    # second writer with "table is locked" at once instead of waiting as the file does,
    # so concurrency tests would test the wrong thing. One file per process, so that two
    # test runs on one machine never share (and corrupt) a test database; kept in the
    # environment so that servers the tests spawn open the same file.
    DATABASES["default"].setdefault(
        "TEST",
        {
            "NAME": os.environ.setdefault(
                "SAMVAER_TEST_DATABASE",
                str(Path(tempfile.gettempdir()) / f"samvaer-test-{os.getpid()}.sqlite3"),
            )
        },
    )

# Scale-out on PostgreSQL (psycopg 3). WSGI workers keep one connection per process open
# between requests and check it before use, so a restarted server costs no failed request.
# ASGI workers run sync views in a thread pool, where a connection per thread would pile
# up: DATABASE_POOL=1 (set by deploy/serve-scale for uvicorn) hands out short loans from
# psycopg's pool instead, also checked before each loan.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))}
    )
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters bound on the server, and a query run a fifth time on a connection
        # prepared: PostgreSQL then reuses its plan. Planning the nearby search's join took
        # longer than running it (benchmarks/README.md, the load benchmark). Turn off behind
        # pgbouncer in transaction mode, which cannot keep a prepared statement.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
    if env_bool("DATABASE_POOL", False):
        # Django refuses persistent connections together with a pool.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "8")),
            # Seconds a request waits for a free connection before it fails.
            "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }
    elif "CONN_MAX_AGE" not in os.environ:
        DATABASES["default"]["CONN_MAX_AGE"] = 600

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channels: Redis when REDIS_URL is set, otherwise the in-memory layer of one process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # The pub/sub layer: point-to-point latency well below the list-based core
    # layer, and after Redis restarts (it keeps nothing on disk) its subscriptions are
    # renewed on reconnect, whereas the core layer's group members would be gone. We rely
    # only on group_add/group_discard/group_send to live sockets, at most once: an event
    # sent while nobody listens is lost, which suits "refresh your inbox" notices.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": 2}],
                # Keeps several installations (or test runs) on one Redis apart.
                "prefix": os.environ.get("REDIS_PREFIX", "samvaer"),
            },
        }
    }
    # The cache is an accelerator: when Redis is away, pages answer from the database.
    # django-redis then answers reads as misses and ignores writes (IGNORE_EXCEPTIONS), and
    # logs each ignored error; security.ratelimit decides what a limit does without it.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("REDIS_PREFIX", "samvaer"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (batch matching, reminders, retention) goes through Django's tasks API
# (the django-tasks backport). Embedded mode: tasks run inline, in the calling thread.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Scale-out: TASKS_BACKEND=database queues tasks in PostgreSQL; `manage.py db_worker` runs
# them in a separate process (docs/scale-out.md says why not Celery).
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    if importlib.util.find_spec("django_tasks_db") is None:
        raise ImproperlyConfigured(
            "TASKS_BACKEND=database needs the scale extra: pip install 'samvaer[scale]'."
        )
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif os.environ.get("TASKS_BACKEND", "immediate") != "immediate":
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
if importlib.util.find_spec("django_tasks_db") is not None:
    # The queue's table, wherever the scale extra is installed: switching TASKS_BACKEND
    # then never leaves a migration behind. `pip install .` alone runs without it.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks") + 1, "django_tasks_db")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"

# Danish first, English available.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet's own files, as django-leaflet ships them (under static/leaflet/). Only the
# assets are used: the app itself would pull in GeoDjango and GDAL, which we do not need.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Tests and development find files in the apps directly; production serves STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [Path(importlib.util.find_spec("leaflet").origin).parent / "static"]

# Geocoding: "offline" answers from the bundled Danish postcodes; "nominatim" (or any
# geopy geocoder class by dotted path) goes online.
GEOCODER = os.environ.get("GEOCODER", "offline")
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "samvaer")
# The Danish address service behind GEOCODER=dawa (a recorded stand-in in tests).
DAWA_URL = os.environ.get("DAWA_URL", "https://api.dataforsyningen.dk")

# Map tiles: OpenStreetMap by default; a municipality can point to its own tile server.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # One error shape for the whole API; domain errors carry their status (api/exceptions.py).
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
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
    # The loneliness scale's answers (1-3) are one choice set for its three questions.
    "ENUM_NAME_OVERRIDES": {"LonelinessAnswerEnum": "matching.models.Screening.Answer"},
}

# Several models have a "status"; name their choice sets in the schema after the model.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "MatchStatusEnum": "matching.models.Match.Status",
        "SelfReferralStatusEnum": "matching.models.SelfReferral.Status",
        "CitizenStatusEnum": "matching.models.Citizen.Status",
    }
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Privacy and security -------------------------------------------------------------
# Kept in one block so that it merges beside the other issues' settings. What each switch
# means for a municipality is written down in docs/privacy.md.
from datetime import timedelta  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["axes", "csp", "security"]
# django-csp sets the policy header; axes must see every request after authentication.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "security.middleware.RequestBodyLimitMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# Axes checks (and counts) every sign-in attempt before Django's own backend.
AUTHENTICATION_BACKENDS = [
    "security.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# A user name from one address: a whole care team behind one office NAT is not locked out
# by one colleague's typos, and guessing one person's password is still stopped.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same client address as the forms' rate limits (security.ratelimit).
AXES_CLIENT_IP_CALLABLE = "security.addresses.client_address"
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"


def _trusted_proxies(value: str) -> int | frozenset[str]:
    # A count of proxies in front ("1"), or their addresses ("10.0.0.5,10.0.0.6").
    value = value.strip()
    if value.isdigit():
        return int(value)
    return frozenset(address.strip() for address in value.split(",") if address.strip())


# Who may say where a request came from (X-Forwarded-For): nobody by default, so a client
# cannot pick a fresh address per request. security.addresses reads it.
TRUSTED_PROXIES = _trusted_proxies(os.environ.get("TRUSTED_PROXIES", "0"))
# One line per sign-in is noise; lockouts are still logged (without the password).
AXES_VERBOSE = False
# Keep failed attempts for the lockout only; no lasting log of every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True

# Bodies: nothing Samvær accepts is larger than a few kilobytes. The limit also holds for
# JSON to the API (security.middleware), which Django's own check does not cover.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", "262144"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Cookies: never readable from JavaScript (scripts take the CSRF token from the page's form
# or a data- attribute), sent on same-site navigation only.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))

# HTTPS: on whenever DEBUG is off (production), unless HTTPS=0 says otherwise; off for the
# embedded `make run` (DEBUG=1, plain http://127.0.0.1). The test suite sets HTTPS=0.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_HTTPS_PROXY", False):
    # Only when a proxy that sets X-Forwarded-Proto terminates TLS in front of Samvær.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _tiles_origin(url: str) -> str:
    # "https://{s}.tile.example.org/{z}/{x}/{y}.png" -> "https://*.tile.example.org"
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


# Content-Security-Policy: no inline scripts or styles anywhere, nothing from other
# origins except the map tiles. The API docs page relaxes style-src for itself only
# (api/docs.py), its script is served as a file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tiles_origin(MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Error reports (mails to ADMINS, the debug page when DEBUG is off) carry no posted values
# and no local variables: either may hold a citizen's name or phone number.
DEFAULT_EXCEPTION_REPORTER_FILTER = "security.reporting.PersonalDataReporterFilter"

# Throttles on the API: generous for people, a wall for scripts.
# Counted per client address as security.addresses resolves it (TRUSTED_PROXIES).
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "security.throttles.AnonymousClientThrottle",
    "security.throttles.SignedInUserThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("THROTTLE_ANON", "120/minute"),
    "user": os.environ.get("THROTTLE_USER", "600/minute"),
}

# The schema says what the API sends (api/schema.py), so schemathesis can hold it to it.
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "api.schema.local_times_without_offset",
    "api.schema.describe_public_reads",
    "api.schema.errors_in_one_shape",
]

# Retention: a citizen is anonymised this many months after their last match ended
# (matching.privacy.anonymise_expired_citizens, run daily by `manage.py anonymise_expired`).
SAMVAER_RETENTION_MONTHS = int(os.environ.get("SAMVAER_RETENTION_MONTHS", "12"))
# A declined volunteer application is deleted this many days after the answer was sent.
VOLUNTEER_DECLINED_RETENTION_DAYS = int(os.environ.get("VOLUNTEER_DECLINED_RETENTION_DAYS", "30"))
# --- end of privacy and security ----------------------------------------------------------

# --- Fresh entries -------------------------------------------------------------------------
# An activity its owners have not confirmed ("Stadig korrekt") for this many weeks: they are
# asked by the weekly freshness job; then its page says since when it is unconfirmed; then
# it leaves the finder, the API and the feeds until they confirm it.
FRESHNESS_REMIND_WEEKS = int(os.environ.get("FRESHNESS_REMIND_WEEKS", "26"))
FRESHNESS_MARK_WEEKS = int(os.environ.get("FRESHNESS_MARK_WEEKS", "30"))
FRESHNESS_HIDE_WEEKS = int(os.environ.get("FRESHNESS_HIDE_WEEKS", "38"))
# How long the confirmation link of a reminder e-mail works.
FRESHNESS_LINK_DAYS = int(os.environ.get("FRESHNESS_LINK_DAYS", "28"))
if not 0 < FRESHNESS_REMIND_WEEKS <= FRESHNESS_MARK_WEEKS < FRESHNESS_HIDE_WEEKS:
    raise ImproperlyConfigured(
        "FRESHNESS_REMIND_WEEKS <= FRESHNESS_MARK_WEEKS < FRESHNESS_HIDE_WEEKS, all above 0."
    )

# --- Notifications: e-mail, SMS, the scheduler ----------------------------------------------
INSTALLED_APPS += ["notifications"]

# E-mail: SMTP from the environment in production; printed to the console under `make run`
# (DEBUG); the test runner swaps in its in-memory outbox.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samvær <noreply@samvaer.example.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: "console" logs the text (development); "gatewayapi" sends through GatewayAPI's REST
# interface (a Danish gateway); SMS_API_URL may point to any compatible endpoint.
SMS_PROVIDER = os.environ.get("SMS_PROVIDER", "console")
SMS_API_URL = os.environ.get("SMS_API_URL", "https://gatewayapi.com/rest/mtsms")
SMS_API_TOKEN = os.environ.get("SMS_API_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "Samvaer")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))
if SMS_PROVIDER not in {"console", "gatewayapi"}:
    raise ImproperlyConfigured("SMS_PROVIDER must be 'console' or 'gatewayapi'.")

# Links in messages point here (no request to build them from in a scheduled job).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a municipality admin's invitation link to a new user works.
INVITATION_MAX_AGE_DAYS = int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7"))

# A proposal unanswered this many working days reminds its coordinator; twice as long hands
# it to a colleague; three times as long tells the municipality.
ESCALATION_WORKING_DAYS = int(os.environ.get("ESCALATION_WORKING_DAYS", "3"))

# The scheduler's lock files in the embedded mode (PostgreSQL uses advisory locks).
SCHEDULER_LOCK_DIR = os.environ.get("SCHEDULER_LOCK_DIR", tempfile.gettempdir())
# --- end of notifications ----------------------------------------------------------------------

# --- Open data and integrations -------------------------------------------------------------
INSTALLED_APPS += ["corsheaders", "knox", "integrations"]

# Other systems call the API with a key (`Authorization: Token …`, integrations/); the key
# is stored as a digest by django-rest-knox, in our model that adds scope and team.
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
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "integrations.authentication.ApiTokenAuthentication",
]
# A key is limited by its scope's rate, per key: a website reads public data faster than
# an anonymous visitor may.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "security.throttles.AnonymousClientThrottle",
    "integrations.throttling.UserOrTokenRateThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "token_website": os.environ.get("THROTTLE_TOKEN_WEBSITE", "3000/minute"),
        "token_care_record": os.environ.get("THROTTLE_TOKEN_CARE_RECORD", "600/minute"),
    }
)

# Other sites' pages may read the public data from a browser: activities, meeting places,
# the HSDS feed and the calendars. Nothing else answers a cross-origin request, and these
# take no cookies (credentials are not allowed).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api/v1/(activities|meeting-places|hsds)(/.*)?|.+\.ics)$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
