"""Which address a request came from: the one answer for the API throttles, the sign-in
lockout (axes) and the public forms' rate limits."""

import ipaddress

from django.conf import settings


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_address(request) -> str | None:
    """The address of the client that sent the request; None for a request built in code.

    Without trusted proxies (TRUSTED_PROXIES=0) it is the peer of the connection
    (REMOTE_ADDR), and X-Forwarded-For is ignored: anyone can write that header. Behind
    proxies, each one appends the address it was called from, so the header is read from
    the right: past as many entries as there are proxies (a count), or past every entry
    that is one of the proxies' addresses (a list). What lies further left was written by
    the client and is never believed.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXIES
    if peer is None or not trusted:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + [peer]
    if isinstance(trusted, int):
        # The peer is the nearest proxy; the client is `trusted` hops to its left.
        address = hops[max(len(hops) - 1 - trusted, 0)]
    else:
        untrusted = [hop for hop in hops if hop not in trusted]
        address = untrusted[-1] if untrusted else hops[0]
    # A garbled header must not become a key (axes keeps the address in an address column).
    return address if _is_address(address) else peer
