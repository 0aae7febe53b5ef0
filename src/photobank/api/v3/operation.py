"""A v3 GET operation as a plain ASGI app, which the gateway calls without routing.

Starlette's routing, request and response objects cost as much CPU as a quick
search or a lookup of kept items, so the hot operations (searches, lookups by
id) work on the ASGI scope and send their encoded answer themselves. A bad
request answers the domain error's response, as every v3 operation does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from starlette.types import Receive, Scope, Send

from photobank.api.v3.errors import domain_error_response
from photobank.errors import DomainError

Headers = list[tuple[bytes, bytes]]


class PlainOperation(ABC):
    """Subclasses give :meth:`answer`: the raw headers and body of a 200."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            headers, body = await self.answer(scope)
        except DomainError as exc:
            await domain_error_response(exc)(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @abstractmethod
    async def answer(self, scope: Scope) -> tuple[Headers, bytes]:
        """The answer to the request of ``scope``; a refusal raises its ``DomainError``."""
