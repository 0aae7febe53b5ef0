"""Request bodies read with a limit, shared by every route that takes one.

A body is refused as soon as it is known to be too large (its declared length,
or the bytes received so far), so no request can make the server hold more
than its route allows; each route says what a refusal is in its own wire form.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

JSON_BODY_LIMIT = 1024 * 1024  # the v3 operations' JSON bodies; Getty's are a few KB


async def read_body(request: Request, limit: int, too_large: Callable[[], Exception]) -> bytes:
    """The whole body, or ``too_large()`` raised once it exceeds ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large()
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise too_large()
    return bytes(data)
