"""The emulator's pure ASGI middleware: journal every exchange, inject faults.

It sits outside the v3 gateway, so it sees (and can replace) the gateway's own
refusals. Requests to the control surface are neither journaled nor faulted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photobank.api.http import json_response, scope_header
from photobank.emulator import PREFIX, redact
from photobank.emulator.faults import OVERRIDE_HEADER, FaultSpec, RequestView, parse_override
from photobank.emulator.journal import BODY_LIMIT, keep
from photobank.emulator.matching import operation_of
from photobank.errors import Unavailable

if TYPE_CHECKING:
    from photobank.emulator.core import Emulator

_REQUEST_LINE = itemgetter("method", "path", "query_string", "headers")
_NO_STATE: dict[str, Any] = {}
_FORM_PEEK_LIMIT = 64 * 1024  # a token form worth reading before the app for client matching


class ConnectionCut(BaseException):
    """Raised through the app to drop the connection without a response.

    A ``BaseException``, so that no error handler turns it into a 500 on the
    way out; :class:`CuttingServer` catches it at the very top.
    """


class _Cut:
    def __repr__(self) -> str:
        return "connection cut by an emulator fault"


_CUT = _Cut()


class CuttingServer:
    """The outermost ASGI app under uvicorn in emulator mode.

    Uvicorn closes the transport, sending nothing, when an app returns a
    value; that is the one way an ASGI app can cut a connection before any
    byte of a response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        logging.getLogger("uvicorn.error").addFilter(_quiet_cuts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Any:
        try:
            await self.app(scope, receive, send)
        except ConnectionCut:
            return _CUT
        return None


def _quiet_cuts(record: logging.LogRecord) -> bool:
    """Drop uvicorn's complaint about the returned value: the journal records the cut."""
    return not (isinstance(record.args, tuple) and _CUT in record.args)


# The control surface and the operator console drive the emulator: a fault rule for
# every path must not lock the operator out, and their pages are not API traffic.
_CONTROLS = (PREFIX, "/console/")
_READS = ("GET", "HEAD")


class EmulatorMiddleware:
    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """The awaitable that answers the request: no coroutine layer of its own."""
        if scope["type"] != "http":
            return self.app(scope, receive, send)
        if self.emulator.shared is not None:
            try:
                self.emulator.catch_up()  # what other nodes changed: the clock, the rules
            except Unavailable as exc:  # Redis does not answer
                return json_response({"message": exc.message}, status=503)(scope, receive, send)
            if scope["path"].startswith(_CONTROLS) and scope["method"] not in _READS:
                return self._published(scope, receive, send)
        if scope["path"].startswith(_CONTROLS):
            return self.app(scope, receive, send)
        override, has_body = _scan(scope["headers"])
        if override is not None or self.emulator.faults:
            return self._faulted(scope, receive, send, override, has_body)
        if not self.emulator.journal.enabled:
            return self.app(scope, receive, send)
        return self._journaled(scope, receive, send, None, has_body)

    async def _published(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A control request, whose changes (a clock set, a switch) go to the other nodes."""
        try:
            await self.app(scope, receive, send)
        finally:
            self.emulator.publish()

    async def _faulted(
        self, scope: Scope, receive: Receive, send: Send, override: str | None, has_body: bool
    ) -> None:
        receive, fault = await self._fault(scope, receive, override)
        if self.emulator.journal.enabled:
            await self._journaled(scope, receive, send, fault, has_body)
        else:
            await self._answer(scope, receive, send, fault and fault[1])

    async def _journaled(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        fault: tuple[str, FaultSpec | Response] | None,
        has_body: bool,
    ) -> None:
        """Answer the request and hand it to the journal as an
        :data:`~photobank.emulator.ring.Exchange`.

        Every journaled request runs this, so it only gathers values it holds
        already: the journal packs them in batches with no per-request work."""
        journal = self.emulator.journal
        sent: list[Any] = []  # the start message, then the body's first bytes and size

        def record(message: Message) -> Awaitable[None]:
            """``send``, noting what passes; it hands back ``send``'s own awaitable."""
            if sent:
                chunk = message.get("body", b"")
                if len(sent) == 1:
                    sent.extend((chunk[:BODY_LIMIT], len(chunk)))
                else:
                    sent[1] = keep(sent[1], chunk)
                    sent[2] += len(chunk)
            else:
                sent.append(message)
            return send(message)

        request = _RequestBody(receive) if has_body else None
        if request is not None:
            receive = request.receive
        at, started, cut = journal.stamp(), time.perf_counter(), False
        try:
            if fault is None:  # no _answer coroutine: each layer costs on every request
                await self.app(scope, receive, record)
            else:
                await self._answer(scope, receive, record, fault[1])
        except ConnectionCut:
            cut = True
            raise
        finally:
            duration = time.perf_counter() - started
            journal.record(
                (
                    _REQUEST_LINE(scope),
                    None if request is None else (request.data, request.size),
                    sent,
                    at,
                    duration,
                    fault and fault[0],
                    cut,
                    scope.get("state", _NO_STATE),
                )
            )

    async def _fault(
        self, scope: Scope, receive: Receive, override: str | None
    ) -> tuple[Receive, tuple[str, FaultSpec | Response] | None]:
        """The fault for this request (its rule id or ``header``), and the receive to use.

        A malformed override header is answered 400 rather than reaching the API.
        """
        if override is not None:
            try:
                return receive, ("header", parse_override(override))
            except ValueError as exc:
                return receive, ("header", json_response({"message": str(exc)}, status=400))
        faults = self.emulator.faults
        api_key = scope_header(scope, b"api-key")
        api_key = api_key.strip() if api_key is not None else None
        if api_key is None and faults.needs_client:
            receive, api_key = await _peek_client_id(scope, receive)
        view = RequestView(scope["method"], scope["path"], api_key, operation_of(scope["path"]))
        rule = faults.pick(view)
        return receive, (rule.id, rule.spec) if rule else None

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, spec: FaultSpec | Response | None
    ) -> None:
        if spec is None:
            await self.app(scope, receive, send)
            return
        if isinstance(spec, Response):
            await spec(scope, receive, send)
            return
        if spec.latency_ms:
            await asyncio.sleep(spec.latency_ms / 1000)
        if spec.disconnect:
            raise ConnectionCut
        response = spec.response()
        if response is None:
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith("/v3"):
            response.headers["Access-Control-Allow-Origin"] = "*"
        await response(scope, receive, send)


def _scan(headers: list[tuple[bytes, bytes]]) -> tuple[str | None, bool]:
    """The override header, and whether a body follows: one pass on every request."""
    override, has_body = None, False
    for key, value in headers:
        if key == OVERRIDE_HEADER:
            override = value.decode("latin-1").strip()
        elif key == b"content-length":
            has_body = value != b"0"
        elif key == b"transfer-encoding":
            has_body = True
    return override, has_body


async def _peek_client_id(scope: Scope, receive: Receive) -> tuple[Receive, str | None]:
    """Read a small token form ahead of the app to learn its ``client_id``; replay it after."""
    content_type = scope_header(scope, b"content-type") or ""
    length = (scope_header(scope, b"content-length") or "").strip()
    if "x-www-form-urlencoded" not in content_type or not length.isdigit():
        return receive, None
    if int(length) > _FORM_PEEK_LIMIT:
        return receive, None
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay, redact.form_value(body, "client_id")


class _RequestBody:
    """A ``receive`` that keeps the first bytes of the request body as they pass."""

    __slots__ = ("_receive", "data", "size")

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self.data = b""
        self.size = 0

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            self.size += len(chunk)
            self.data = keep(self.data, chunk)
        return message
