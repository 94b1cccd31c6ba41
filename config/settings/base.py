"""The project itself: its key, hosts, apps, middleware, templates, accounts, static files
and logs."""

import importlib.util
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, DEBUG, env_list


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
    "mentors",
    "outcomes",
    "api",
    "frontend",
    "axes",
    "csp",
    # The second factor's devices: an authenticator app (TOTP) and recovery codes. Before
    # security, whose admin replaces theirs.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "security",
    "notifications",
    "corsheaders",
    "knox",
    "integrations",
]
if importlib.util.find_spec("django_tasks_db") is not None:
    # The queue's table, wherever the scale extra is installed: switching TASKS_BACKEND
    # then never leaves a migration behind. `pip install .` alone runs without it.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks") + 1, "django_tasks_db")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The policy header (django-csp), and the body limit before anything reads the body.
    "csp.middleware.CSPMiddleware",
    "security.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Answers cross-origin reads of the public data (settings.api) before CommonMiddleware.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A password alone opens nothing: the second factor first (security.second_factor).
    "security.middleware.SecondFactorMiddleware",
    # Answers to a signed-in user are never cached; an idle sign-in ends (security.middleware).
    "security.middleware.NoStoreForSignedInMiddleware",
    "security.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must see every request after authentication.
    "axes.middleware.AxesMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:start"
LOGOUT_REDIRECT_URL = "frontend:home"
# A refused form in Danish in the site's layout (JSON under /api/), like the other errors.
CSRF_FAILURE_VIEW = "frontend.errors.csrf_failure"

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
