"""Every state-changing route refuses a signed-in browser's request without a CSRF token:
403, and nothing changed. The test walks every URL pattern (pages, the API, the admin, the
language switch, the public sign-up API) and sends each method the route takes, as a
signed-in municipality admin with a session cookie and no token."""

import json
import re
import uuid

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import sign_in

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")
# Rows the request machinery itself writes on any request (the session's last activity,
# sign-in attempts); a refused request changes no other table.
MACHINERY = {Session, *(m for m in apps.get_models() if m._meta.app_label == "axes")}
SAMPLE = {"int": "1", "uuid": str(uuid.UUID(int=1)), "slug": "x", "str": "x", "path": "x"}


def routes(resolver=None, prefix: str = ""):
    """(example path, view callback) for every URL pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        text = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, prefix + text)
        elif isinstance(pattern, URLPattern) and "format>" not in text:
            # (the router's ".json" twin of each route is the same view)
            yield example_path(prefix + text), pattern.callback


def example_path(pattern: str) -> str:
    """A concrete path for a route pattern: each converter filled with a valid sample."""
    # Regex routes (the API router's, the admin's): a sample for each group, no syntax.
    pattern = re.sub(r"\(\?P<\w+>[^)]*\)", SAMPLE["uuid"], pattern)
    pattern = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], pattern)
    pattern = re.sub(r"\\\.|\[\^?[^\]]*\][+*]?|[\^$?]", "", pattern).replace("\\", "")
    return "/" + pattern.lstrip("/")


def unsafe_methods(callback) -> list[str]:
    """The unsafe methods a route takes: a DRF route says so; any other view might take any
    of them, and Django's CSRF check comes before the view either way."""
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return [method for method in actions if method in UNSAFE]
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None and hasattr(view_class, "http_method_names"):
        return [m for m in UNSAFE if m in view_class.http_method_names and hasattr(view_class, m)]
    return list(UNSAFE)


def snapshot() -> dict:
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_models()
        if model not in MACHINERY and model._meta.managed
    }


def csrf_refusal(response) -> bool:
    """403 from the CSRF check: the pages' CSRF page, or the API's CSRF refusal."""
    if response.status_code != 403:
        return False
    if any(t.name == "frontend/errors/403_csrf.html" for t in response.templates or ()):
        return True
    if response.get("Content-Type", "").startswith("application/json"):
        detail = json.loads(response.content)["detail"]
        return "CSRF" in detail or "kunne ikke bekræftes" in detail
    return False


def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(
    municipality_admin, coordinator, staff
):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, municipality_admin)
    before = snapshot()
    tried, refused_otherwise = [], []
    for path, callback in routes():
        for method in unsafe_methods(callback):
            response = getattr(client, method)(path, {}, content_type="application/json")
            tried.append((method.upper(), path))
            if not csrf_refusal(response):
                refused_otherwise.append((method.upper(), path, response.status_code))
    assert snapshot() == before
    assert refused_otherwise == [], "\n".join(map(str, refused_otherwise))
    # Every kind of route was reached: pages, the API, the admin, the public sign-ups.
    paths = {path for _, path in tried}
    for expected in (
        "/api/v1/volunteer-sign-ups/",
        "/api/v1/matches/00000000-0000-0000-0000-000000000001/accept/",
        "/bliv-frivillig/",
        "/logout/",
        "/i18n/setlang/",
        "/admin/login/",
    ):
        assert expected in paths, expected
    assert len(tried) > 150, len(tried)


def test_the_same_request_with_the_token_is_not_refused_for_csrf(municipality_admin):
    """The walk above can fail: with the token, the sign-up API goes through."""
    from tests.factories import OrganisationFactory

    client = Client(enforce_csrf_checks=True)
    sign_in(client, municipality_admin)
    client.get("/bliv-frivillig/")
    token = client.cookies["csrftoken"].value
    data = {
        "organisation": OrganisationFactory().pk,
        "first_name": "Ebbe",
        "email": "ebbe@example.org",
        "postcode": "4990",
        "consent": True,
    }
    response = client.post(
        "/api/v1/volunteer-sign-ups/", data, content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )  # fmt: skip
    assert response.status_code == 201, response.content
