"""JSON responses serialised with orjson, with Getty's no-cache headers."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

_NO_CACHE = {"Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1"}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    merged = dict(_NO_CACHE)
    if headers:
        merged.update(headers)
    return Response(
        orjson.dumps(body),
        status_code=status,
        headers=merged,
        media_type="application/json; charset=utf-8",
    )
