"""The API's one exception handler and its one error shape.

Every error the API answers has the same body:

    {"code": "no_seat_left", "detail": "Der er ikke flere ledige pladser ...", "fields": {}}

`code` is for programs, `detail` for a person (Danish, or English with Accept-Language),
`fields` maps a field or query parameter to its messages (empty when the error is not
about one). The schema documents it as `Error` (api/schema.py). Services raise domain
errors (`config.errors.DomainError`, which carry their status and code) or Django's
ValidationError; views translate nothing themselves.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import DomainError

NON_FIELD_ERRORS = "non_field_errors"


class DomainAPIError(exceptions.APIException):
    """A domain error as DRF renders one: its status, code and field."""

    def __init__(self, error: DomainError):
        self.status_code = error.status_code
        self.field = error.field
        super().__init__(detail=error.message, code=error.code)


def exception_handler(exc, context):
    """DRF's handler with Django's and our domain errors translated first, and every body
    in the one shape. Anything else (a bug) is left to Django: a 500, logged."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc)
    return response


def _as_api_exception(exc):
    if isinstance(exc, DomainError):
        return DomainAPIError(exc)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        # Raised by services when an object is not the caller's (another organisation's,
        # another municipality's): such an object does not exist for them. Refusals by
        # role come from the permission classes (DRF's PermissionDenied, 403).
        return exceptions.NotFound()
    return exc


def error_body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD_ERRORS: exc.detail}
        general = fields.get(NON_FIELD_ERRORS) or []
        detail = " ".join(str(message) for message in general) or _(
            "Nogle af oplysningerne er ikke gyldige."
        )
        return {"code": "invalid", "detail": detail, "fields": fields}
    field = getattr(exc, "field", None)
    return {
        "code": _code(exc),
        "detail": str(exc.detail),
        "fields": {field: [str(exc.detail)]} if field else {},
    }


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


class _NothingHere(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()


_nothing_here = _NothingHere.as_view()


def unknown_path(request, url=""):
    """Any path under /api/ that names nothing: 404 in the API's shape, not Django's page.

    As the admin's catch-all does, a path without its trailing slash is first redirected
    to the one with it when that one exists (Django's APPEND_SLASH never sees these paths).
    """
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/"):
        try:
            found = resolve(path + "/")
        except Resolver404:
            found = None
        if found is not None and found.func is not unknown_path:
            return redirect(request.get_full_path(force_append_slash=True), permanent=True)
    return _nothing_here(request)
