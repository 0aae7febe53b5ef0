"""The validation proxy: forward each exchange, check it against the contract, say so.

Every v3 and legacy request is checked before it is forwarded and its answer
after: the answer goes back to the client with ``X-Photobank-Violations`` (a
count and a summary; ``0`` when the exchange is clean) and the exchange, with
its violations, goes into a journal read like the emulator's
(``GET /__photobank/journal``). Strict, a request that breaks the contract is
not forwarded: a v3 call gets Getty's 400 naming the first violation, a legacy
call the legacy skin's error envelope (``InvalidRequest`` inside HTTP 200).
Unknown query parameters are warnings and never refused: Getty tolerates them.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

import orjson
from starlette.applications import Starlette
from starlette.routing import Mount

from photobank.api.legacy.envelope import coordination_id, fail, splice
from photobank.api.legacy.routes import OPERATIONS
from photobank.emulator import PREFIX
from photobank.emulator.control import journal_routes
from photobank.emulator.journal import BODY_LIMIT, Journal
from photobank.upstream.forward import (
    Answer,
    Forward,
    Forwarder,
    ForwardingApp,
    Incoming,
    getty_error,
)
from photobank.validation.checks import check_request, check_response, is_checked
from photobank.validation.exchange import Sent
from photobank.validation.legacy import is_legacy
from photobank.validation.middleware import stamped
from photobank.validation.violations import Violation, errors, with_header


@dataclass(slots=True)
class ProxyHost:
    """What the journal routes read (see :class:`photobank.emulator.control.JournalHost`)."""

    admin_token: str
    journal: Journal


class Validator:
    """The interceptor :class:`~photobank.upstream.forward.ForwardingApp` calls per request."""

    def __init__(self, journal: Journal, strict: bool = False, validate: bool = True) -> None:
        self.journal = journal
        self.strict = strict
        self.validate = validate

    async def __call__(self, incoming: Incoming, forward: Forward) -> Answer:
        at, started = self.journal.stamp(), time.perf_counter()
        sent = Sent.from_target(incoming.method, incoming.target, incoming.headers, incoming.body)
        checked = self.validate and is_checked(sent.method, sent.path)
        found = check_request(sent) if checked else []
        refused = errors(found) if self.strict else []
        answer = _refusal(sent, refused[0]) if refused else await forward(incoming)
        if checked and not refused:
            found += check_response(sent, answer.status, answer.headers, answer.body)
        if checked:
            answer = replace(answer, headers=with_header(answer.headers, found))
        if self.journal.enabled:
            self._record(sent, answer, found, at, time.perf_counter() - started)
        return answer

    def _record(
        self, sent: Sent, answer: Answer, found: list[Violation], at: float, took: float
    ) -> None:
        start = {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        query = sent.query.encode("latin-1")
        body = (sent.body[:BODY_LIMIT], len(sent.body)) if sent.body else None
        self.journal.record(
            (
                (sent.method, sent.path, query, list(sent.headers)),
                body,
                [stamped(start, found), answer.body[:BODY_LIMIT], len(answer.body)],
                at,
                took,
                None,
                False,
                {},
            )
        )


def _refusal(sent: Sent, violation: Violation) -> Answer:
    message = f"The request breaks the contract: {violation.describe()}."
    if not is_legacy(sent.path):
        return getty_error(400, "InvalidParameterValue", message)
    operation = OPERATIONS.get(sent.path)
    keys = operation.result_keys if operation is not None else ()
    try:
        header = orjson.loads(sent.body).get("RequestHeader")
    except (orjson.JSONDecodeError, AttributeError):
        header = None
    body = splice(
        fail(keys, "InvalidRequest", message),
        coordination_id(header if isinstance(header, dict) else None),
    )
    return Answer(200, [(b"content-type", b"application/json; charset=utf-8")], body)


def proxy_app(
    forwarder: Forwarder, validator: Validator, admin_token: str | None = None
) -> Starlette:
    """The proxy: the journal's routes under ``/__photobank/``, everything else forwarded."""
    forwarding = ForwardingApp(forwarder, validator)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        for close in forwarding.on_shutdown:
            await close()

    app = Starlette(
        routes=[Mount(PREFIX, routes=journal_routes()), Mount("/", app=forwarding)],
        lifespan=lifespan,
    )
    app.state.emulator = ProxyHost(admin_token or secrets.token_urlsafe(24), validator.journal)
    return app
