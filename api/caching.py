"""Caching of the public API's answers: an answer may be kept by any cache for a minute;
an error (400, 404, 429 ...) by none, so a mistake or a refusal is never served again to
someone else."""

from functools import wraps

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.vary import vary_on_headers

PUBLIC_MAX_AGE = 60


def public_when_successful(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code < 400:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, no_store=True)
        return response

    return wrapped


# A successful GET also carries an ETag computed from its body; a repeated GET with
# If-None-Match gets 304 Not Modified.
public_caching = [
    public_when_successful,
    vary_on_headers("Accept-Language"),
    decorator_from_middleware(ConditionalGetMiddleware),
]
