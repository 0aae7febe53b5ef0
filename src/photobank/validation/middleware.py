"""Validation of a server's own answers (emulator mode: ``PHOTOBANK_VALIDATION``, or
``PATCH /__photobank/validation``).

A pure ASGI middleware inside the emulator's journal: for each v3 or legacy
request it reads the request body (up to :data:`BODY_LIMIT`; the app reads it
again), holds the answer back until it is whole, checks both against the
contract, and sends the answer with ``X-Photobank-Violations`` and, in its
start message, the violations for the journal. Answers are whole bodies
already (orjson-encoded JSON); one over :data:`BODY_LIMIT` goes out as it
comes, its body unchecked.
"""

from __future__ import annotations

import gc
from collections.abc import Awaitable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photobank.validation.checks import check_request, check_response, is_checked, warm
from photobank.validation.exchange import Sent
from photobank.validation.violations import MESSAGE_KEY, Violation, packed, with_header

BODY_LIMIT = 8 * 1024 * 1024  # bytes of a request or answer body held to be checked


def stamped(message: Message, violations: list[Violation]) -> Message:
    """``message`` (an answer's start) with the violations header and, for the journal,
    the violations themselves."""
    headers = with_header(message.get("headers", ()), violations)
    return {**message, "headers": headers, MESSAGE_KEY: packed(violations)}


class ValidationSwitch:
    """Whether the middleware checks: set at start (``PHOTOBANK_VALIDATION``), switched
    by the emulator's control surface. Switched on, the contract's schemas are compiled
    at once and frozen out of the collector's passes (see :func:`.checks.warm`)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = False
        self.set(enabled)

    def set(self, enabled: bool) -> None:
        if enabled and not self.enabled:
            warm()
            gc.freeze()
        self.enabled = enabled


class ValidationMiddleware:
    def __init__(self, app: ASGIApp, switch: ValidationSwitch) -> None:
        self.app = app
        self.switch = switch

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """The app's own awaitable when nothing is checked: no coroutine layer then."""
        if (
            not self.switch.enabled
            or scope["type"] != "http"
            or not is_checked(scope["method"], scope["path"])
        ):
            return self.app(scope, receive, send)
        return self._checked(scope, receive, send)

    async def _checked(self, scope: Scope, receive: Receive, send: Send) -> None:
        body, receive = await _read(receive)
        query = scope.get("query_string", b"").decode("latin-1")
        sent = Sent(scope["method"], scope["path"], query, scope["headers"], body or b"")
        found = check_request(sent) if body is not None else []
        held = _Held(sent, found, send)
        await self.app(scope, receive, held.send)


class _Held:
    """A ``send`` that holds the answer until its last body message, then checks it."""

    def __init__(self, sent: Sent, found: list[Violation], send: Send) -> None:
        self._sent, self._found, self._send = sent, found, send
        self._start: Message | None = None
        self._chunks: list[bytes] = []
        self._size = 0
        self._passing = False  # too large to hold: the rest goes out as it comes

    async def send(self, message: Message) -> None:
        if self._passing:
            await self._send(message)
        elif message["type"] == "http.response.start":
            self._start = message
        elif message["type"] == "http.response.body" and self._start is not None:
            chunk = message.get("body", b"")
            self._chunks.append(chunk)
            self._size += len(chunk)
            if message.get("more_body", False) and self._size <= BODY_LIMIT:
                return
            await self._release(message.get("more_body", False))
        else:
            await self._send(message)

    async def _release(self, more: bool) -> None:
        assert self._start is not None
        body = b"".join(self._chunks)
        found = self._found
        if not more:
            status: int = self._start["status"]
            found = found + check_response(self._sent, status, _headers(self._start), body)
        self._passing = more
        await self._send(stamped(self._start, found))
        await self._send({"type": "http.response.body", "body": body, "more_body": more})


def _headers(start: Message) -> list[tuple[bytes, bytes]]:
    return [(bytes(k), bytes(v)) for k, v in start.get("headers", ())]


async def _read(receive: Receive) -> tuple[bytes | None, Receive]:
    """The request body (None when over :data:`BODY_LIMIT`) and a receive that replays it."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if not message.get("more_body", False) or size > BODY_LIMIT:
            break
    whole = size <= BODY_LIMIT and messages[-1]["type"] == "http.request"
    body = b"".join(m.get("body", b"") for m in messages) if whole else None

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return body, replay
