"""Test-only views: cause a live event, use the cache, touch the database."""

import os

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from matching.events import publish


# CSRF is off so that a test's plain HTTP client can post; the view is staff-only and only
# tests/scale/settings.py routes to it.
@csrf_exempt
@require_POST
def publish_event(request):
    """Publish an event to a group, as a service does after a commit."""
    if not request.user.is_staff:
        return JsonResponse({"error": "staff only"}, status=403)
    publish(request.POST["group"], request.POST["event"], {"serial": request.POST["serial"]})
    return JsonResponse({"published": True, "pid": os.getpid()})


@require_GET
def cached_greeting(request):
    greeting = cache.get_or_set("scale-test-greeting", lambda: "Goddag", timeout=60)
    return JsonResponse({"greeting": greeting, "pid": os.getpid()})


@require_GET
def database_backend(request):
    """The PostgreSQL backend serving this request: a new one after a server restart."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend_pid,) = cursor.fetchone()
    return JsonResponse({"backend_pid": backend_pid, "pid": os.getpid()})
