"""Notifications: e-mail, SMS, links in messages, escalation and the scheduler."""

import os
import tempfile

from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, DEBUG, env_bool

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
