"""JSON responses serialised with orjson, with Getty's no-cache headers."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

_BASE_HEADERS = [
    (b"content-type", b"application/json; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"pragma", b"no-cache"),
    (b"expires", b"-1"),
]


class JsonResponse(Response):
    """A JSON response whose header list is built directly: every v3 answer is
    one of these, and Starlette's generic header handling is a visible share of
    a cached image lookup."""

    def __init__(self, body: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.status_code = status
        self.body = orjson.dumps(body)
        self.background = None
        raw = [*_BASE_HEADERS, (b"content-length", str(len(self.body)).encode())]
        if headers:
            raw.extend(
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
            )
        self.raw_headers = raw


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JsonResponse(body, status, headers)


class EncodedResponse(Response):
    """A response replayed from its encoded parts (see :mod:`.response_cache`)."""

    def __init__(self, status: int, raw_headers: tuple[tuple[bytes, bytes], ...], body: bytes):
        self.status_code = status
        self.raw_headers = list(raw_headers)
        self.body = body
        self.background = None
