"""One rate limit for the public forms: it counts per client address while the cache works,
and lets people through (and says so in the log) while the cache is away."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from matching.models import SelfReferral
from meetingplaces.models import Volunteer
from meetingplaces.volunteers import SIGN_UPS_PER_HOUR
from security import ratelimit
from tests.factories import ActivityFactory, OrganisationFactory
from tests.scale.processes import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


@pytest.fixture
def redis_away():
    """The scale-out cache (django-redis, as configured) at an address nobody listens on."""
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    with override_settings(CACHES=caches, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True):
        yield


def sign_up_data(organisation, number: int) -> dict:
    return {
        "organisation": organisation.pk,
        "first_name": f"Frivillig{number}",
        "email": f"frivillig{number}@example.org",
        "postcode": "4990",
        "consent": True,
    }


def test_a_client_is_limited_and_another_is_not():
    allowed = [ratelimit.allow("test", "192.0.2.1", limit=3, window_seconds=60) for _ in range(5)]
    assert allowed == [True, True, True, False, False]
    assert ratelimit.allow("test", "192.0.2.2", limit=3, window_seconds=60)
    assert ratelimit.allow("other-form", "192.0.2.1", limit=3, window_seconds=60)


def test_the_limit_lets_everyone_through_while_the_cache_is_away(redis_away, caplog):
    with caplog.at_level(logging.WARNING):
        allowed = [
            ratelimit.allow("test", "192.0.2.1", limit=1, window_seconds=60) for _ in range(3)
        ]
    assert allowed == [True, True, True]
    assert "Rate limit test not counted, the cache is unavailable" in caplog.text


def test_volunteer_sign_up_on_the_page_and_the_api_works_while_redis_is_away(redis_away):
    organisation = OrganisationFactory()
    page = {**sign_up_data(organisation, 1), "consent": "on"}
    response = APIClient().post("/bliv-frivillig/", page)
    assert response.status_code == 302, response.content[:500]
    for number in range(2, SIGN_UPS_PER_HOUR + 3):
        response = APIClient().post(
            "/api/v1/volunteer-sign-ups/", sign_up_data(organisation, number), format="json"
        )
        assert response.status_code == 201, response.content
    assert Volunteer.objects.filter(is_approved=False).count() == SIGN_UPS_PER_HOUR + 2


def test_self_referral_works_while_redis_is_away(redis_away, client):
    activity = ActivityFactory()
    form = {
        "first_name": "Inger",
        "phone": "12 34 56 78",
        "postcode": "4990",
        "consent": "on",
    }
    response = client.post(reverse("frontend:activity", args=[activity.uuid]), form)
    assert response.status_code == 302, response.content[:500]
    assert SelfReferral.objects.get().first_name == "Inger"


def test_volunteer_sign_up_and_self_referral_share_the_limit_rule_but_not_the_count(client):
    organisation = OrganisationFactory()
    api = APIClient()
    for number in range(SIGN_UPS_PER_HOUR):
        response = api.post(
            "/api/v1/volunteer-sign-ups/", sign_up_data(organisation, number), format="json"
        )
        assert response.status_code == 201
    refused = api.post("/api/v1/volunteer-sign-ups/", sign_up_data(organisation, 99), format="json")
    assert refused.status_code == 429
    activity = ActivityFactory()
    form = {"first_name": "Inger", "phone": "12 34 56 78", "postcode": "4990", "consent": "on"}
    assert client.post(reverse("frontend:activity", args=[activity.uuid]), form).status_code == 302
