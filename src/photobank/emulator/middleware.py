"""The emulator's pure ASGI middleware: journal every exchange, inject faults.

It sits outside the v3 gateway, so it sees (and can replace) the gateway's own
refusals. Requests to the control surface are neither journaled nor faulted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photobank.api.v3.responses import json_response
from photobank.emulator import PREFIX, redact
from photobank.emulator.faults import OVERRIDE_HEADER, FaultSpec, RequestView, parse_override
from photobank.emulator.journal import Recorded, keep, pack_headers
from photobank.emulator.matching import operation_of

if TYPE_CHECKING:
    from photobank.emulator.core import Emulator

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


class EmulatorMiddleware:
    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        override, has_body = _scan(scope["headers"])
        fault = None
        if override is not None or self.emulator.faults:
            receive, fault = await self._fault(scope, receive, override)
        spec = fault[1] if fault else None
        journal = self.emulator.journal
        if not journal.enabled:
            await self._answer(scope, receive, send, spec)
            return
        entry = journal.start(scope)
        started = time.perf_counter()
        try:
            if fault is not None:
                entry.fault = fault[0]
            if has_body:
                receive = _capturing(receive, entry)
            await self._answer(scope, receive, _recording(send, entry), spec)
        except ConnectionCut:
            entry.cut = True
            raise
        finally:
            entry.duration = time.perf_counter() - started
            entry.caller = scope.get("state", {}).get("caller")
            journal.add(entry)

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
        api_key = _header(scope, b"api-key")
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


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1")).strip()
    return None


async def _peek_client_id(scope: Scope, receive: Receive) -> tuple[Receive, str | None]:
    """Read a small token form ahead of the app to learn its ``client_id``; replay it after."""
    content_type = _header(scope, b"content-type") or ""
    length = _header(scope, b"content-length") or ""
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


def _capturing(receive: Receive, entry: Recorded) -> Receive:
    async def capture() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            entry.body_size += len(chunk)
            entry.body = keep(entry.body, chunk)
        return message

    return capture


def _recording(send: Send, entry: Recorded) -> Send:
    async def record(message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            entry.status = message["status"]
            entry.packed_response_headers = pack_headers(message.get("headers", ()))
        elif kind == "http.response.body":
            chunk = message.get("body", b"")
            entry.response_size += len(chunk)
            entry.response_body = keep(entry.response_body, chunk)
        await send(message)

    return record
