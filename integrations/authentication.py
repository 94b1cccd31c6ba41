"""`Authorization: Token <key>` for other systems, on django-rest-knox.

A refused key answers 401 (with `WWW-Authenticate: Token`) wherever it is sent, also on
endpoints that otherwise answer 403 to someone not signed in. Every accepted request is
logged against its key.
"""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions, status

from . import services

HEADER_PREFIX = "Token"


class TokenRefused(exceptions.APIException):
    # Not an AuthenticationFailed: DRF turns those into 403 when the view's first
    # authenticator (the session) sends no WWW-Authenticate.
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Ugyldig eller tilbagekaldt API-nøgle.")
    default_code = "token_refused"
    auth_header = HEADER_PREFIX


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        try:
            found = super().authenticate(request)
        except exceptions.AuthenticationFailed:
            raise TokenRefused from None
        if found is None:
            return None
        user, token = found
        services.token_use_record(token=token, method=request.method, path=request.path)
        return user, token

    def validate_user(self, auth_token):
        if auth_token.revoked_at is not None:
            raise TokenRefused
        return super().validate_user(auth_token)

    def authenticate_header(self, request):
        return HEADER_PREFIX
