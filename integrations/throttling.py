"""Request rates: people signed in at the user rate, other systems at their key's."""

from security.throttles import SignedInUserThrottle

from .models import ApiToken


class UserOrTokenRateThrottle(SignedInUserThrottle):
    """A key of scope S is limited by the rate `token_S` (settings), per key; a website's
    key may read the public data faster than an anonymous visitor."""

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            self.scope = f"token_{request.auth.scope}"
            self.rate = self.get_rate()
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.token_key}
        return super().get_cache_key(request, view)
