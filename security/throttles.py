"""The API's throttles, counting per client as security.addresses resolves it (DRF's own
reads X-Forwarded-For by its NUM_PROXIES setting, a second answer to the same question)."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .addresses import client_address


class ClientAddressMixin:
    def get_ident(self, request):
        return client_address(request) or "unknown"


class AnonymousClientThrottle(ClientAddressMixin, AnonRateThrottle):
    """Anonymous calls, per client address."""


class SignedInUserThrottle(ClientAddressMixin, UserRateThrottle):
    """Signed-in calls, per user (per client address for a request without a user)."""
