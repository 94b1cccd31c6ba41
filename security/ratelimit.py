"""Limits on how often one client may use a public form: one counter in the cache per
client and purpose, whose window starts at the client's first attempt.

The cache is shared by all workers (Redis when scaled out), so a limit holds across them.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def allow(purpose: str, client: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt of `client` at `purpose`; False once it is past `limit` attempts in
    the window.

    Without a cache (Redis down) every attempt is allowed and a warning logged: the forms
    this guards are how people ask for help, and an outage must not turn them away.
    """
    key = f"ratelimit:{purpose}:{client}"
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    except Exception as error:  # any cache backend's outage error, not only django-redis'
        count = None
        logger.warning("Rate limit %s not counted, the cache is unavailable: %r", purpose, error)
    if count is None:
        # django-redis answers an outage with None (IGNORE_EXCEPTIONS) and has logged it.
        logger.warning("Rate limit %s not counted, the cache is unavailable.", purpose)
        return True
    return count <= limit
