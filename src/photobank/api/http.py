"""HTTP plumbing every skin, the media routes and the emulator share: JSON answers
serialised with orjson (with Getty's no-cache headers), replayed answers, and
header and origin reads straight from the ASGI scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response
from starlette.types import Scope

_BASE_HEADERS = [
    (b"content-type", b"application/json; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"pragma", b"no-cache"),
    (b"expires", b"-1"),
]


def json_headers(body: bytes, extra: Mapping[str, str] | None = None) -> list[tuple[bytes, bytes]]:
    """The raw headers of a JSON answer of ``body``, then those of ``extra``."""
    raw = [*_BASE_HEADERS, (b"content-length", str(len(body)).encode())]
    if extra:
        raw.extend((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra.items())
    return raw


class JsonResponse(Response):
    """A JSON response whose header list is built directly: every v3 answer is
    one of these, and Starlette's generic header handling is a visible share of
    a cached image lookup."""

    def __init__(self, body: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.status_code = status
        self.body = orjson.dumps(body)
        self.background = None
        self.raw_headers = json_headers(self.body, headers)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JsonResponse(body, status, headers)


class EncodedResponse(Response):
    """A response replayed from its encoded parts (see :mod:`.response_cache`)."""

    def __init__(self, status: int, raw_headers: tuple[tuple[bytes, bytes], ...], body: bytes):
        self.status_code = status
        self.raw_headers = list(raw_headers)
        self.body = body
        self.background = None


def scope_header(scope: Scope, name: bytes) -> str | None:
    """The first value of header ``name`` (lower case, as ASGI servers send names)
    read straight from the scope: cheaper than building Starlette's ``Headers``."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def view_headers(scope: Scope) -> tuple[str | None, str | None, str | None]:
    """The first ``Host``, ``Accept-Language`` and ``GI-Country-Code`` values, in one
    pass over the raw headers: what a v3 answer's view and checks read."""
    host = accepted = country = None
    for name, value in scope["headers"]:
        if name == b"host":
            host = host if host is not None else value.decode("latin-1")
        elif name == b"accept-language":
            accepted = accepted if accepted is not None else value.decode("latin-1")
        elif name == b"gi-country-code":
            country = country if country is not None else value.decode("latin-1")
    return host, accepted, country


def origin(configured: str | None, scope: Scope, host: str | None) -> str:
    """The base URL of links: ``configured`` if set, else the scheme and ``host`` (the
    Host header) of ``scope``. Read straight from the ASGI scope: building
    ``request.url`` costs more than a whole cached image lookup."""
    if configured:
        return configured.rstrip("/")
    if host is None:
        server_host, port = scope.get("server") or ("localhost", 80)
        host = f"{server_host}:{port}"
    return f"{scope['scheme']}://{host}"
