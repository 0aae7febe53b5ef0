"""Legacy Connect POSTs answered ahead of routing, as :mod:`photobank.api.v3.gateway`
answers v3's checks: a pure ASGI middleware that reads the body straight from
``receive`` and sends the dispatcher's envelope, so a legacy call builds no
Starlette request or response and matches no route. Other requests pass
through untouched (without a coroutine layer of their own); the other methods
on legacy paths reach :data:`.routes.routes`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photobank.api.legacy.envelope import JSON_TYPE
from photobank.api.legacy.routes import OPERATIONS, Dispatcher

if TYPE_CHECKING:
    from photobank.composition import Services

MAX_BODY_BYTES = 1024 * 1024
PREFIXES = ("/v1/", "/v2/search/")  # the operations' paths: their catch-up is the dispatcher's
_OPERATION_PATH = re.compile(r"/v1/[^/]+/[^/]+")  # /v1/{area}/{operation}, known or not


def is_operation_path(path: str) -> bool:
    """Whether ``path`` names a legacy operation (known or not): the dispatcher's to answer."""
    return path in OPERATIONS or _OPERATION_PATH.fullmatch(path) is not None


class LegacyGateway:
    def __init__(self, app: ASGIApp, services: Services) -> None:
        self.app = app
        self.dispatcher = Dispatcher(services)

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and is_operation_path(scope["path"])
        ):
            return self._answer(scope, receive, send)
        return self.app(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            raw = message.get("body", b"")  # the usual single message, read without a loop
            raw = raw if len(raw) <= MAX_BODY_BYTES else None
        else:
            try:
                raw = await _read_body(message, receive)
            except ClientDisconnect:
                return  # nobody to answer
        body = await self.dispatcher.answer(scope, raw)
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", JSON_TYPE)]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _read_body(message: Message, receive: Receive) -> bytes | None:
    """The request body, from its first ``message`` on; None when it is over
    :data:`MAX_BODY_BYTES` (the rest is read and dropped, so the connection stays usable)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if message["type"] != "http.request":
            raise ClientDisconnect
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks) if size <= MAX_BODY_BYTES else None
        message = await receive()
