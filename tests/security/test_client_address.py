"""One answer to "which client sent this?" behind a reverse proxy, used by the API
throttles, the sign-in lockout and the public forms' limits: X-Forwarded-For counts only
as far as trusted proxies wrote it."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from matching.models import SelfReferral
from matching.selfreferrals import RATE_LIMIT
from security.addresses import client_address
from security.throttles import AnonymousClientThrottle
from tests.factories import ActivityFactory, UserFactory

PROXY = "10.0.0.5"
PASSWORD = "test-adgangskode-42"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def address(trusted, forwarded=None, peer=PROXY):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXIES=trusted):
        return client_address(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored():
    assert address(0, "203.0.113.9") == PROXY
    assert address(0) == PROXY


def test_a_count_of_proxies_reads_the_header_from_the_right():
    assert address(1, "203.0.113.9") == "203.0.113.9"
    # The client wrote the left entry itself; the proxy appended the real one.
    assert address(1, "198.51.100.1, 203.0.113.9") == "203.0.113.9"
    assert address(2, "198.51.100.1, 203.0.113.9, 10.0.0.4") == "203.0.113.9"
    # A request that reached the app without passing the proxy keeps its own address.
    assert address(1) == PROXY


def test_a_list_of_proxies_skips_exactly_those_addresses():
    proxies = frozenset({PROXY, "10.0.0.4"})
    assert address(proxies, "198.51.100.1, 203.0.113.9, 10.0.0.4") == "203.0.113.9"
    # From an address that is not a proxy, the header is not believed.
    assert address(proxies, "198.51.100.1", peer="203.0.113.9") == "203.0.113.9"


def test_a_garbled_header_falls_back_to_the_peer():
    assert address(1, "not-an-address") == PROXY
    assert address(1, "203.0.113.9<script>") == PROXY


def test_a_request_built_in_code_has_no_address():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    with override_settings(TRUSTED_PROXIES=1):
        assert client_address(request) is None


# --- API throttle -------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(AnonymousClientThrottle, "rate", "3/minute", raising=False)


def api_calls(forwarded_for: list[str]) -> list[int]:
    client = Client(REMOTE_ADDR=PROXY)
    return [
        client.get("/api/v1/activities/", HTTP_X_FORWARDED_FOR=forwarded).status_code
        for forwarded in forwarded_for
    ]


@pytest.mark.django_db
def test_a_rotating_header_from_an_untrusted_client_does_not_pass_the_throttle(
    three_a_minute, settings
):
    settings.TRUSTED_PROXIES = 0
    rotating = [f"198.51.100.{n}" for n in range(1, 7)]
    assert api_calls(rotating) == [200, 200, 200, 429, 429, 429]


@pytest.mark.django_db
def test_a_rotating_left_part_behind_a_trusted_proxy_does_not_pass_the_throttle(
    three_a_minute, settings
):
    settings.TRUSTED_PROXIES = 1
    rotating = [f"198.51.100.{n}, 203.0.113.9" for n in range(1, 7)]
    assert api_calls(rotating) == [200, 200, 200, 429, 429, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_two_clients_are_counted_apart(three_a_minute, settings):
    settings.TRUSTED_PROXIES = 1
    assert api_calls(["203.0.113.9"] * 4) == [200, 200, 200, 429]
    assert api_calls(["203.0.113.10"] * 3) == [200, 200, 200]


# --- Sign-in lockout ----------------------------------------------------------------------


def sign_in(forwarded: str, password: str) -> int:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    response = client.post(
        reverse("frontend:login"), {"username": "koordinator", "password": password}
    )
    return response.status_code


@pytest.mark.django_db
def test_an_attackers_failures_do_not_lock_the_user_out_elsewhere(settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="koordinator")
    attacker, coordinator = "203.0.113.66", "198.51.100.7"
    outcomes = [sign_in(attacker, "gaet-igen") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert outcomes[-1] == 429
    # The attacker stays locked out, even with the right password...
    assert sign_in(attacker, PASSWORD) == 429
    # ...and the coordinator, at the office's address, signs in.
    assert sign_in(coordinator, PASSWORD) == 302


@pytest.mark.django_db
def test_a_rotating_header_from_an_untrusted_client_does_not_escape_the_lockout(settings):
    settings.TRUSTED_PROXIES = 0
    UserFactory(username="koordinator")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"198.51.100.{n}", "gaet-igen")
    assert sign_in("198.51.100.99", PASSWORD) == 429


# --- The public forms' limit --------------------------------------------------------------


def refer(activity, forwarded: str, number: int) -> int:
    form = {
        "first_name": f"Inger{number}",
        "phone": f"12 34 56 {number:02d}",
        "postcode": "4990",
        "consent": "on",
    }
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(reverse("frontend:activity", args=[activity.uuid]), form).status_code


@pytest.mark.django_db
def test_one_household_past_the_limit_does_not_close_the_form_for_the_town(settings):
    settings.TRUSTED_PROXIES = 1
    activity = ActivityFactory()
    busy = [refer(activity, "203.0.113.9", n) for n in range(RATE_LIMIT + 1)]
    assert busy == [302] * RATE_LIMIT + [429]
    assert refer(activity, "198.51.100.7", 50) == 302
    assert SelfReferral.objects.count() == RATE_LIMIT + 1


@pytest.mark.django_db
def test_a_rotating_header_does_not_reopen_the_form(settings):
    settings.TRUSTED_PROXIES = 0
    activity = ActivityFactory()
    outcomes = [refer(activity, f"198.51.100.{n}", n) for n in range(RATE_LIMIT + 2)]
    assert outcomes[RATE_LIMIT:] == [429, 429]
