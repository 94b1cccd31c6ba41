"""Signing in: lockout after repeated failures, password rules, cookies, sessions ended on
deactivation, and throttles on the API."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import StaffFactory, UserFactory, sign_in

PASSWORD = "test-adgangskode-42"


def _fail(client, url, username, times):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "forkert-kode"})
    return response


@pytest.mark.parametrize("url_name", ["frontend:login", "admin:login"])
def test_repeated_failures_lock_the_login_with_a_danish_message(db, settings, url_name):
    user = UserFactory(username="hjemmehjaelper", is_staff=True)
    url = reverse(url_name)
    client = Client()
    # Four failures: still the ordinary form.
    assert _fail(client, url, user.username, settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    locked = _fail(client, url, user.username, 1)
    assert locked.status_code == 429
    assert "Log ind er midlertidigt spærret" in locked.content.decode()
    # Even the right password is refused while locked.
    right = client.post(url, {"username": user.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(db, settings):
    locked_user = UserFactory(username="maria")
    colleague = UserFactory(username="jens")
    client = Client()
    _fail(client, reverse("frontend:login"), locked_user.username, settings.AXES_FAILURE_LIMIT)
    response = client.post(
        reverse("frontend:login"), {"username": colleague.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_lockout_message_in_english(db, settings):
    user = UserFactory(username="maria")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    locked = _fail(client, reverse("frontend:login"), user.username, settings.AXES_FAILURE_LIMIT)
    assert locked.status_code == 429
    assert "Signing in is temporarily blocked" in locked.content.decode()


def test_a_good_login_still_works(db):
    user = UserFactory(username="maria")
    client = Client()
    response = client.post(reverse("frontend:login"), {"username": "maria", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("password", ["12345678", "password", "kort", "hjemmehjaelper1"])
def test_weak_passwords_are_refused(db, password):
    user = get_user_model()(username="hjemmehjaelper1")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_passes(db):
    validate_password("kaffe-og-kortspil-i-sakskøbing", get_user_model()(username="maria"))


def test_deactivating_a_user_ends_all_their_sessions(db):
    staff = StaffFactory(password=None)
    colleague = StaffFactory(password=None)
    phone, desktop, other = Client(), Client(), Client()
    sign_in(phone, staff)
    sign_in(desktop, staff)
    sign_in(other, colleague)
    api_root = reverse("api-root")
    assert phone.get(api_root).status_code == 200
    assert Session.objects.count() == 3

    staff.is_active = False
    staff.save()

    assert Session.objects.count() == 1
    assert phone.get(api_root).status_code == 403
    assert desktop.get(api_root).status_code == 403
    assert other.get(api_root).status_code == 200
    # Reactivating does not bring the old sessions back.
    staff.is_active = True
    staff.save()
    assert phone.get(api_root).status_code == 403


def test_cookies_are_httponly_and_same_site(db):
    client = Client()
    response = client.get(reverse("frontend:login"))
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    UserFactory(username="maria")
    response = client.post(reverse("frontend:login"), {"username": "maria", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    # Plain http in tests and `make run`: not Secure (HTTPS=1 in production turns it on).
    assert not session["secure"]


def _settings_with(env: dict, expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    # The suite runs with HTTPS=0 (pytest-env); these checks start from a clean slate.
    inherited = {k: v for k, v in os.environ.items() if k not in ("HTTPS", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**inherited, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_production_is_https_only_and_make_run_is_not():
    expression = (
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0"
    )
    # DEBUG off: HTTPS unless told otherwise.
    assert _settings_with({}, expression) == "True True True True"
    assert _settings_with({"HTTPS": "0"}, expression) == "False False False False"
    # `make run`: DEBUG on, plain http.
    assert _settings_with({"DEBUG": "1"}, expression) == "False False False False"


def test_production_cookies_carry_the_host_prefix_and_logout_clears_the_site():
    expression = (
        "settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "
        "settings.CLEAR_SITE_DATA_ON_LOGOUT"
    )
    production = "__Host-sessionid __Host-csrftoken True"
    assert _settings_with({}, expression) == production
    assert _settings_with({"DEBUG": "1"}, expression) == "sessionid csrftoken False"


def test_anonymous_api_calls_are_throttled(db, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    # Counters live in the cache, which outlives a test; start from none for this address.
    cache.delete("throttle_anon_127.0.0.1")
    client = Client()
    url = reverse("schema")
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_signed_in_api_calls_are_throttled_per_user(db, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/minute")
    first, second = Client(), Client()
    users = StaffFactory(password=None), StaffFactory(password=None)
    # Ids can come back after a rolled-back test; their counters must not.
    cache.delete_many([f"throttle_user_{user.pk}" for user in users])
    sign_in(first, users[0])
    sign_in(second, users[1])
    url = reverse("api-root")
    assert [first.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert second.get(url).status_code == 200


def test_throttle_rates_come_from_the_environment():
    expression = "settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon']"
    assert _settings_with({"THROTTLE_ANON": "7/minute"}, expression) == "7/minute"


def test_authenticating_without_a_request_still_works(db):
    # Management commands and the shell have no request to lock out; they are let through.
    from django.contrib.auth import authenticate

    user = UserFactory(username="maria")
    assert authenticate(username="maria", password=PASSWORD) == user
    assert authenticate(username="maria", password="forkert") is None
