"""Settings for the app servers the scale tests start: the real settings plus a few
test-only URLs (tests/scale/urls.py) that a real server must answer."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.scale.urls"

# The test servers speak plain HTTP on 127.0.0.1, where production sits behind TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The load comes from one address, far above a person's rate: no API throttles here.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
