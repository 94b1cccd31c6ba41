"""Fixtures of the scale tests: they run only under `make test-scale`, on PostgreSQL and
Redis, and fail (rather than skip) when pointed at anything else."""

import os
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import CoordinatorFactory, UserFactory, sign_in


@pytest.fixture(autouse=True)
def _on_postgres_and_redis(request):
    if request.node.get_closest_marker("scale") is None:
        return
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "The scale tests need PostgreSQL and Redis: run them with `make test-scale` "
            "(DATABASE_URL=postgres://... REDIS_URL=redis://...)."
        )


@pytest.fixture
def test_database_url(transactional_db) -> str:
    """DATABASE_URL of the test database, for app servers started by a test."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@pytest.fixture
def redis_prefix() -> str:
    """A channel and cache prefix of the test's own, so that parallel runs on one Redis
    never hear each other's events."""
    return f"samvaer-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def server_env(test_database_url, redis_prefix) -> dict[str, str]:
    return {
        "DATABASE_URL": test_database_url,
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_PREFIX": redis_prefix,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "LOG_LEVEL": "WARNING",
    }


def session_cookie(client, user) -> str:
    sign_in(client, user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.fixture
def coordinator_cookie(client, transactional_db):
    """A coordinator, signed in: (cookie, organisation)."""
    coordinator = CoordinatorFactory()
    organisation = coordinator.memberships.get().organisation
    return session_cookie(client, coordinator), organisation


@pytest.fixture
def staff_cookie(transactional_db):
    from django.test import Client

    return session_cookie(Client(), UserFactory(is_staff=True))
