"""What switches the embedded mode to scale-out: Redis (channel layer and cache) and the
task queue."""

import importlib.util
import os

from django.core.exceptions import ImproperlyConfigured

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
# A task RUNNING this long whose worker is gone is queued again (notifications.stale_tasks).
TASK_STALE_AFTER_MINUTES = int(os.environ.get("TASK_STALE_AFTER_MINUTES", "30"))
