"""Which address a request came from: the one answer for rate limits and sign-in lockouts."""


def client_address(request) -> str | None:
    """The address of the client that sent the request; None for a request built in code.

    The peer of the connection (REMOTE_ADDR). Behind a reverse proxy that is the proxy's
    address, so every visitor shares one limit: trusting X-Forwarded-For from known proxies
    belongs here, and only here, when a deployment needs it.
    """
    return request.META.get("REMOTE_ADDR") or None
