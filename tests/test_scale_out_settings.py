"""DATABASE_URL and REDIS_URL switch the whole application; an unreachable Redis degrades
to no cache and no live events, never to an error page. Needs no running service."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django_redis.cache import RedisCache

from matching.events import publish
from tests.scale.processes import PROJECT, free_port

SHOW_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "pool": db.get("OPTIONS", {}).get("pool"),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
    "tasks": settings.TASKS["default"]["BACKEND"],
}))
"""


def settings_under(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + SHOW_SETTINGS],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_embedded_mode_needs_no_service():
    embedded = settings_under()
    assert embedded["engine"] == "django.db.backends.sqlite3"
    assert embedded["layer"] == "channels.layers.InMemoryChannelLayer"
    assert embedded["cache"].endswith("LocMemCache")
    assert embedded["tasks"].endswith("ImmediateBackend")


def test_urls_switch_to_postgres_with_persistent_checked_connections_and_redis():
    scale = settings_under(
        DATABASE_URL="postgres://samvaer@db.example:5432/samvaer",
        REDIS_URL="redis://cache.example:6379/0",
        TASKS_BACKEND="database",
    )
    assert scale["engine"] == "django.db.backends.postgresql"
    assert scale["conn_max_age"] == 600
    assert scale["health_checks"] is True
    assert scale["pool"] is None
    assert scale["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert scale["cache"] == "django_redis.cache.RedisCache"
    assert scale["tasks"] == "django_tasks_db.DatabaseBackend"


def test_asgi_workers_borrow_from_a_pool_instead_of_holding_connections():
    pooled = settings_under(
        DATABASE_URL="postgres://samvaer@db.example:5432/samvaer", DATABASE_POOL="1"
    )
    assert pooled["conn_max_age"] == 0
    assert pooled["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}


def test_unknown_task_backend_is_refused():
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TASKS_BACKEND": "x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "TASKS_BACKEND must be 'immediate' or 'database'" in done.stderr


@pytest.fixture
def unreachable_redis_url() -> str:
    # A port nobody listens on: connections are refused at once.
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def cache_without_redis(unreachable_redis_url, settings) -> RedisCache:
    """The cache as the settings configure it under REDIS_URL, with nobody at the address."""
    options = settings_under(REDIS_URL=unreachable_redis_url)["cache_options"]
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    return RedisCache(unreachable_redis_url, {"OPTIONS": options})


def test_cache_without_redis_answers_as_a_miss_and_logs(cache_without_redis, caplog):
    cache = cache_without_redis
    with caplog.at_level(logging.WARNING, logger="django_redis.cache"):
        cache.set("greeting", "Goddag")
        assert cache.get("greeting", "standard") == "standard"
        assert cache.get_or_set("greeting", "Goddag") == "Goddag"
        assert not cache.add("other", 1)
        assert cache.get_many(["greeting"]) == {}
        assert not cache.delete("greeting")
        assert cache.incr("counter") is None
    assert "Exception ignored" in caplog.text


def test_cache_still_raises_on_a_programming_error(cache_without_redis):
    # An invalid timeout is our bug, not an outage: it must not be swallowed.
    with pytest.raises((TypeError, ValueError)):
        cache_without_redis.set("greeting", "Goddag", timeout="soon")


@pytest.mark.django_db(transaction=True)
def test_publish_without_redis_logs_instead_of_raising(unreachable_redis_url, caplog):
    layers = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": unreachable_redis_url, "socket_connect_timeout": 1}]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers), caplog.at_level(logging.WARNING):
        publish("organisation.1", "match.proposed", {"match": "x"})
    assert "Live event match.proposed to organisation.1 not sent" in caplog.text
