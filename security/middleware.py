"""Refusing request bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE before anyone reads them,
keeping answers to signed-in users out of every cache, and holding a signed-in session to
its second factor.

Django checks the limit for forms; Django REST framework reads JSON from the stream and
does not, so the limit is held here for every request; the server entry points hold it
before the body is read at all (security/body_limit.py). A page that takes a file says how
large with `accepts_file_upload`.
"""

import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied

from api.exceptions import error_body

from .body_limit import body_limit, too_large_message
from .second_factor import session_is_open


class RequestBodyLimitMiddleware:
    """The body limit for requests that reach Django without the server entry points'
    guard (security.body_limit), e.g. the test client; the same rule either way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(request, _("Ugyldig Content-Length."), status=400)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # The view is looked up only for a body over the limit: other requests pay nothing.
        if (
            limit is not None
            and length > limit
            and length > body_limit(request.path_info, request.META.get("CONTENT_TYPE", ""))
        ):
            return self._refuse(request, too_large_message(), status=413)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, message: str, *, status: int) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class NoStoreForSignedInMiddleware:
    """Every answer to a signed-in user (pages and API alike) may hold personal data: no
    browser or proxy cache may keep it, so a shared computer's back button shows nothing
    after the user has gone. Anonymous public pages keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # DRF authenticates in the view and sets the user on this request too.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class IdleTimeoutMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after its last use. Django's own way,
    SESSION_SAVE_EVERY_REQUEST, writes the session on every request; here it is written at
    most once a minute (SESSION_IDLE_REFRESH_SECONDS), which moves its end on just the
    same to within that minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(LAST_SEEN, 0) >= settings.SESSION_IDLE_REFRESH_SECONDS:
                # A change to the session: saved with a new end at the end of the request.
                request.session[LAST_SEEN] = now
        return self.get_response(request)


LAST_SEEN = "_samvaer_last_seen"

# What a session signed in with the password alone may still open: the second factor's own
# pages, signing out and the language switch.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"security:verify", "security:enrol", "frontend:logout", "frontend:login", "set_language"}
)


class SecondFactorMiddleware:
    """The one place that holds every signed-in session (pages, the API, the admin) to its
    second factor (security.second_factor). Pages go to the code's page; the API answers
    403 in its one error shape. API keys (knox) are not sessions: Django's middleware sees
    no user for them, and they pass."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not session_is_open(user, request.session)
            and _url_name(request) not in OPEN_BEFORE_SECOND_FACTOR
        ):
            return _ask_for_second_factor(request)
        return self.get_response(request)


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def _ask_for_second_factor(request) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        refusal = PermissionDenied(
            _("Bekræft først din indlogning med en kode fra din godkendelsesapp."),
            code="second_factor_required",
        )
        return JsonResponse(error_body(refusal), status=403)
    return redirect_to_login(request.get_full_path(), reverse("security:verify"))


def note_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in saves the session anyway: the idle clock starts there."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
