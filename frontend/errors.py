"""The error pages: 400, 403 (and a failed CSRF check), 404 and 500 in Danish, in the site's
layout, each with a way on. Under /api/ the same errors answer in the API's JSON shape.

The 500 page is drawn without the request: no context processor, no database, no session.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

from api.exceptions import error_body

from .navigation import Viewer, home_url_name


def _api_answer(request, error: exceptions.APIException) -> JsonResponse | None:
    if not request.path_info.startswith("/api/"):
        return None
    return JsonResponse(error_body(error), status=error.status_code)


def _page(request, template: str, status: int, **context):
    context["home_url_name"] = home_url_name(Viewer.of_request(request))
    return render(request, f"frontend/errors/{template}", context, status=status)


@requires_csrf_token
def bad_request(request, exception):
    return _api_answer(request, exceptions.ParseError()) or _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception):
    return _api_answer(request, exceptions.PermissionDenied()) or _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception):
    return _api_answer(request, exceptions.NotFound()) or _page(request, "404.html", 404)


class DatabaseUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = gettext_lazy("Tjenesten kan ikke nå sin database lige nu. Prøv igen om lidt.")
    default_code = "database_unavailable"


@requires_csrf_token
def server_error(request):
    # The database went away (a restart, a lost connection): a passing state, not a fault
    # in the request. 503 says "try again shortly"; the next request reconnects.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        answer = _api_answer(request, DatabaseUnavailable()) or HttpResponse(
            loader.render_to_string("frontend/errors/500.html"), status=503
        )
        answer["Retry-After"] = "5"
        return answer
    api = _api_answer(request, exceptions.APIException())
    if api is not None:
        return api
    return HttpResponseServerError(loader.render_to_string("frontend/errors/500.html"))


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: most often a page left open past the end
    of the sign-in, or cookies turned off."""
    refusal = exceptions.PermissionDenied(_("Forespørgslen kunne ikke bekræftes. Prøv igen."))
    return _api_answer(request, refusal) or _page(request, "403_csrf.html", 403)
