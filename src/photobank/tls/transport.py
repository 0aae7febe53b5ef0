"""Is this request on a secure transport, and whose is it? And the guard for the token endpoint.

The seeds make the token endpoint secure-only, like the legacy session and
download operations. ``PHOTOBANK_ALLOW_INSECURE_LOOPBACK`` (off by default)
relaxes the rule for a client on the same machine, for tools that cannot be
given a CA; it never relaxes it for any other address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from photobank.config import Settings

TOKEN_NEEDS_HTTPS = "The token endpoint requires HTTPS"


def is_tls(scope: Scope, settings: Settings) -> bool:
    """True when the connection is TLS, or a trusted proxy says its client's was."""
    if scope.get("scheme") == "https":
        return True
    if not settings.trusted_proxies or not _peer_in(scope, settings.trusted_proxies):
        return False
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-proto":
            # A chain of proxies appends: the first value is what the client used.
            return bool(value.split(b",")[0].strip().lower() == b"https")
    return False


def is_secure(scope: Scope, settings: Settings) -> bool:
    """:func:`is_tls`, or a loopback client when the operator relaxed the rule."""
    if is_tls(scope, settings):
        return True
    return settings.allow_insecure_loopback and _peer_in(scope, "127.0.0.0/8,::1")


def source_address(scope: Scope, settings: Settings) -> str | None:
    """The caller's IP address: the peer's, or behind trusted proxies the nearest
    ``X-Forwarded-For`` address that is not one of them (what the proxies saw).
    ``None`` when the peer is no IP address (a Unix socket, a test transport)."""
    client = scope.get("client")
    try:
        peer = str(ipaddress.ip_address(client[0])) if client else None
    except ValueError:
        return None
    if not peer or not settings.trusted_proxies or not _peer_in(scope, settings.trusted_proxies):
        return peer
    forwarded = b",".join(
        value for name, value in scope.get("headers", ()) if name == b"x-forwarded-for"
    )
    networks = _networks(settings.trusted_proxies)
    for hop in reversed(forwarded.decode("latin-1").split(",")):
        try:
            address = ipaddress.ip_address(hop.strip())
        except ValueError:
            return peer  # a garbled chain: the proxy is the nearest address known
        if not any(address in network for network in networks):
            return str(address)
    return peer


def secure_only(
    endpoint: Callable[[Request], Awaitable[Response]], settings: Settings
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap the OAuth2 token endpoint: over plain HTTP it answers RFC 6749 ``invalid_request``.

    A malformed ``PHOTOBANK_TRUSTED_PROXIES`` fails here, when the app is built.
    """
    _networks(settings.trusted_proxies)

    async def guarded(request: Request) -> Response:
        if not is_secure(request.scope, settings):
            body = {"error": "invalid_request", "error_description": TOKEN_NEEDS_HTTPS}
            return JSONResponse(body, status_code=400, headers={"Cache-Control": "no-store"})
        return await endpoint(request)

    return guarded


def _peer_in(scope: Scope, networks: str) -> bool:
    client = scope.get("client")
    if not client:
        return False
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return False
    return any(address in network for network in _networks(networks))


@lru_cache(maxsize=8)
def _networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    parts = [part.strip() for part in spec.split(",") if part.strip()]
    return tuple(ipaddress.ip_network(part, strict=False) for part in parts)
