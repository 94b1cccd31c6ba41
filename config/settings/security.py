"""Privacy and security: sign-in lockout, the client's address behind proxies, request
bodies, cookies, HTTPS, the content security policy, error reports and retention. What each
switch means for a municipality is written down in docs/privacy.md."""

import os
from datetime import timedelta
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .environment import DEBUG, env_bool
from .geo import MAP_TILES_URL

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

# The second factor (security.second_factor): every signed-in session must be confirmed with
# a code from an authenticator app or a recovery code before it opens anything. Off only
# for the embedded demo (DEBUG on, `make run`); with DEBUG off it is on whatever is set.
REQUIRE_MFA = env_bool("REQUIRE_MFA", True) or not DEBUG
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Samvær")
# An operator's support session in the Django admin (security.support): how long it lasts.
SUPPORT_SESSION_MINUTES = int(os.environ.get("SUPPORT_SESSION_MINUTES", "60"))
if not 1 <= SUPPORT_SESSION_MINUTES <= 60:
    raise ImproperlyConfigured("SUPPORT_SESSION_MINUTES must be between 1 and 60.")


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
# Every sign-in is recorded, successful (AccessLog) and failed (AccessFailureLog), for
# accountability (GDPR art. 32), and deleted after SIGN_IN_RETENTION_DAYS.
AXES_DISABLE_ACCESS_LOG = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

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
# A signed-in session ends after SESSION_IDLE_MINUTES without a request (each request
# moves the end on): staff leave shared computers in care homes and offices.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_IDLE_REFRESH_SECONDS = 60  # security.middleware.IdleTimeoutMiddleware
# Flash messages ("Gudrun er gemt") in the session, never in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# HTTPS: on whenever DEBUG is off (production), unless HTTPS=0 says otherwise; off for the
# embedded `make run` (DEBUG=1, plain http://127.0.0.1). The test suite sets HTTPS=0.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Over HTTPS the cookies carry the __Host- prefix: the browser takes them only when set by
# this host, secure, for the whole site, so no neighbouring subdomain can plant one.
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Signing out asks the browser to forget this site's cache, cookies and storage.
CLEAR_SITE_DATA_ON_LOGOUT = env_bool("CLEAR_SITE_DATA_ON_LOGOUT", HTTPS)
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

# Retention: a citizen is anonymised this many months after their last match ended
# (matching.privacy.anonymise_expired_citizens, run daily by `manage.py anonymise_expired`).
SAMVAER_RETENTION_MONTHS = int(os.environ.get("SAMVAER_RETENTION_MONTHS", "12"))
# A declined volunteer application is deleted this many days after the answer was sent.
# The audit log of citizen records is kept this long, then purged by the retention job.
AUDIT_RETENTION_MONTHS = int(os.environ.get("AUDIT_RETENTION_MONTHS", "24"))
VOLUNTEER_DECLINED_RETENTION_DAYS = int(os.environ.get("VOLUNTEER_DECLINED_RETENTION_DAYS", "30"))
# A self-referral is deleted this many days after a coordinator marked it handled, and this
# many days after it arrived if nobody did (matching.selfreferrals; the form's consent text
# names both).
SELF_REFERRAL_HANDLED_RETENTION_DAYS = int(
    os.environ.get("SELF_REFERRAL_HANDLED_RETENTION_DAYS", "30")
)
SELF_REFERRAL_UNHANDLED_RETENTION_DAYS = int(
    os.environ.get("SELF_REFERRAL_UNHANDLED_RETENTION_DAYS", "90")
)
# The message log (notifications.Message: every e-mail, SMS and letter, with its text) is
# kept this many days after a message was written, then deleted by the retention job.
MESSAGE_RETENTION_DAYS = int(os.environ.get("MESSAGE_RETENTION_DAYS", "365"))
# Sign-ins, successful and failed (django-axes' access and failure logs), are kept this many
# days, then deleted by the retention job (security.signins).
SIGN_IN_RETENTION_DAYS = int(os.environ.get("SIGN_IN_RETENTION_DAYS", "180"))
# The daily oversight alert to a municipality's admins: a user who read more than this many
# distinct citizens in 24 hours (notifications.oversight); every export is reported too.
OVERSIGHT_READS_PER_DAY = int(os.environ.get("OVERSIGHT_READS_PER_DAY", "50"))
# A relative's request for a mentor is anonymised this many days after it ended, was
# declined, or waited unhandled.
MENTOR_REQUEST_RETENTION_DAYS = int(os.environ.get("MENTOR_REQUEST_RETENTION_DAYS", "90"))
