"""What the middleware hands the journal: streamed bodies, request bodies, cut connections."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from photobank.clock import ManualClock
from photobank.emulator.faults import Faults
from photobank.emulator.journal import BODY_LIMIT, Criteria, Journal
from photobank.emulator.middleware import ConnectionCut, EmulatorMiddleware
from photobank.emulator.ring import BATCH
from tests.emulator.exchanges import JOURNAL_BUDGET

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@dataclass
class _Emulator:
    journal: Journal = field(
        default_factory=lambda: Journal(
            100, JOURNAL_BUDGET, ManualClock(NOW).timestamp, lambda _key: None
        )
    )
    faults: Faults = field(default_factory=Faults)
    shared: None = None  # this process is the whole emulator


@dataclass
class _Caller:
    client: Any
    customer: Any = None


def _scope(method: str = "GET", path: str = "/v3/things", body: bytes = b"") -> Scope:
    headers = [(b"host", b"testserver")]
    if body:
        headers.append((b"content-length", str(len(body)).encode()))
    return {"type": "http", "method": method, "path": path, "query_string": b"", "headers": headers}


def _drive(
    app: Any, scope: Scope, body: bytes = b"", times: int = 1
) -> tuple[Journal, list[Message]]:
    """Run ``times`` requests like ``scope`` through the middleware: its journal, what was sent."""
    emulator = _Emulator()
    middleware = EmulatorMiddleware(app, emulator)  # type: ignore[arg-type]
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    async def run() -> None:
        for _ in range(times):
            await middleware(dict(scope), receive, send)

    with contextlib.suppress(ConnectionCut):
        asyncio.run(run())
    return emulator.journal, sent


async def _streaming(scope: Scope, receive: Receive, send: Send) -> None:
    start = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"text/plain")],
    }
    await send(start)
    for letter in b"abc":
        chunk = bytes([letter]) * 10_000
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


def test_a_streamed_body_is_counted_whole_and_kept_up_to_the_limit() -> None:
    journal, sent = _drive(_streaming, _scope())
    assert (
        b"".join(m.get("body", b"") for m in sent[1:])
        == b"a" * 10_000 + b"b" * 10_000 + b"c" * 10_000
    )
    [entry] = journal.find(Criteria())
    assert entry["response"]["body_bytes"] == 30_000
    body = entry["response"]["body"]
    assert body.endswith(" …") and body[:-2] == ("a" * 10_000 + "b" * 10_000)[:BODY_LIMIT]
    assert entry["at"] == NOW.isoformat() and entry["response"]["status"] == 200


def test_a_request_body_is_kept_with_its_size() -> None:
    async def echo(scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": message["body"]})

    body = b'{"a": 1}'
    journal, sent = _drive(echo, _scope("POST", "/v1/search/GetImageDetails", body), body)
    [entry] = journal.find(Criteria())
    assert sent[-1]["body"] == body
    assert entry["request"]["body_bytes"] == len(body) and entry["response"]["status"] == 201
    assert entry["operation"] == "GetImageDetails"


def test_a_cut_connection_is_journaled_without_a_response() -> None:
    async def cut(scope: Scope, receive: Receive, send: Send) -> None:
        raise ConnectionCut

    journal, sent = _drive(cut, _scope())
    [entry] = journal.find(Criteria())
    assert sent == [] and entry["cut"] and entry["response"]["status"] is None


def test_the_caller_the_gateway_found_is_kept_across_batches() -> None:
    client = type("Client", (), {"id": 7, "name": "app", "api_key": "k"})()

    async def authenticated(scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})["caller"] = _Caller(client)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    journal, _ = _drive(authenticated, _scope(), times=BATCH + 1)
    found = journal.find(Criteria(client="app"))
    assert len(found) == BATCH + 1 and found[0]["client"] == {"id": 7, "name": "app"}
    assert [entry["id"] for entry in found] == list(range(1, BATCH + 2))
