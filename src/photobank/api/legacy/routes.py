"""``POST /v1/<area>/<Operation>``: one dispatcher, one table of operations.

The dispatcher does everything the operations share: it reads the envelope,
resolves the token under the transport rules of :mod:`.context`, replays a
stored answer (:mod:`.replay`) or runs the operation, and wraps its outcome.
Reads (search, details) run on the event loop like their v3 equivalents, over
cached data; operations that write (sessions, downloads, lightboxes) or hash a
secret run in a worker thread. Every failure, a client's or the server's,
becomes a well-formed error envelope: legacy clients read ``ResponseHeader``
before anything else. :mod:`.gateway` hands it the POSTs ahead of routing; the
routes here answer the other methods.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

from photobank.api.http import origin, scope_header
from photobank.api.legacy import (
    downloads,
    lightboxes,
    previous_downloads,
    search,
    sessions,
    videos,
)
from photobank.api.legacy.context import Call, resolve
from photobank.api.legacy.documents import DocumentCache
from photobank.api.legacy.envelope import (
    JSON_TYPE,
    Encoded,
    LegacyError,
    Outcome,
    coordination_id,
    fail,
    from_domain,
    parse_envelope,
    request_body,
    respond,
    splice,
)
from photobank.api.legacy.replay import AnswerCache, replay_key
from photobank.config import MIB
from photobank.errors import DomainError
from photobank.state.freshness import caught_up, checked_caller
from photobank.tls.transport import is_secure

if TYPE_CHECKING:
    from photobank.composition import Services

log = logging.getLogger(__name__)
Handler = Callable[[Call, Any], Outcome]


@dataclass(frozen=True, slots=True)
class Operation:
    handler: Handler
    body_keys: tuple[str, ...]  # accepted body keys, the documented one first
    result_keys: tuple[str, ...]  # empty for header-only operations
    token: bool = True  # False: system credentials in the body instead
    secure_only: bool = False
    reads: bool = False  # served on the event loop, as v3 reads are; writes go to a thread
    # A read whose answer :mod:`.replay` may store: what of its body the answer depends on.
    replayed_on: Callable[[Any], Hashable] | None = None

    def __post_init__(self) -> None:
        if self.replayed_on is not None and not self.reads:
            raise ValueError("only a read's answer may be replayed")


def _op(name: str, handler: Handler, **kwargs: Any) -> Operation:
    body_keys = kwargs.pop("body_keys", (f"{name}RequestBody",))
    result_keys = kwargs.pop("result_keys", (f"{name}Result",))
    return Operation(handler, body_keys, result_keys, **kwargs)


OPERATIONS: dict[str, Operation] = {
    "/v1/session/CreateSession": _op(
        "CreateSession", sessions.create_session, token=False, secure_only=True
    ),
    "/v1/session/RenewSession": _op(
        "RenewSession",
        sessions.renew_session,
        secure_only=True,
        result_keys=("RenewSessionResult", "RenewSessionResults"),
    ),
    "/v1/session/CreateApplicationSession": _op(
        "CreateApplicationSession",
        sessions.create_application_session,
        token=False,
        secure_only=True,
    ),
    "/v1/data/GetActiveProductOfferings": _op(
        "GetActiveProductOfferings", sessions.active_product_offerings, body_keys=()
    ),
    **search.operations(_op),
    **downloads.operations(_op),
    **previous_downloads.operations(_op),
    **lightboxes.operations(_op),
    **videos.operations(_op),
}


class Dispatcher:
    """Answers legacy operations for one app; owns its document and answer caches,
    which every catalog change empties."""

    def __init__(self, services: Services) -> None:
        self.services = services
        budgets = services.settings
        self.images = DocumentCache(budgets.legacy_document_cache_mb * MIB)
        self.answers = AnswerCache(budgets.legacy_answer_cache_mb * MIB)
        services.catalog.on_change(self.images.clear)
        services.catalog.on_change(self.answers.clear)

    async def answer(self, scope: Scope, raw: bytes | None) -> bytes:
        """The envelope answering the POST ``scope`` with body ``raw`` (None: too large)."""
        path: str = scope["path"]
        operation = OPERATIONS.get(path)
        if operation is None:
            return splice(fail((), "InvalidRequest", f"No operation at {path}."), None)
        header: dict[str, Any] | None = None
        try:
            if raw is None:
                raise LegacyError("InvalidRequest", "The request body is larger than 1 MiB.")
            document, header = parse_envelope(raw)
            body = request_body(document, operation.body_keys)
            call = self._call(scope, operation, header)
            replayed_on = operation.replayed_on
            key = replay_key(path, replayed_on(body), call) if replayed_on else None
            encoded = self.answers.get(key) if key is not None else None
            if encoded is None:
                encoded = await self._run(operation, call, body, key)
        except LegacyError as exc:
            encoded = fail(operation.result_keys, exc.code, exc.message)
        except DomainError as exc:
            error = from_domain(exc)
            encoded = fail(operation.result_keys, error.code, error.message)
        except Exception:
            log.exception("legacy operation %s failed", path)
            message = "The server failed to answer; the error is logged."
            encoded = fail(operation.result_keys, "InternalError", message)
        return splice(encoded, coordination_id(header))

    async def _run(
        self, operation: Operation, call: Call, body: Any, key: tuple[Any, ...] | None
    ) -> Encoded:
        """The operation's answer, worked out; stored under ``key`` if there is one."""
        generation = self.answers.generation  # the catalog as read below
        if operation.reads:
            outcome = operation.handler(call, body)
        else:
            outcome = await run_in_threadpool(operation.handler, call, body)
        encoded = respond(operation.result_keys, outcome)
        if key is not None:
            self.answers.put(key, encoded, generation)
        return encoded

    def _call(self, scope: Scope, operation: Operation, header: dict[str, Any]) -> Call:
        services = self.services
        secure = is_secure(scope, services.settings)
        info = customer = None
        if operation.token:
            renew = operation.handler is sessions.renew_session
            caller = checked_caller(  # the same per-client limits as the v3 gateway
                scope,
                lambda: resolve(services, header, secure, operation.secure_only, renew),
                services.throttle,
                (LegacyError, DomainError),
            )
            info, customer = caller.token, caller.customer
        else:
            caught_up(scope)
            if operation.secure_only and not secure:
                raise LegacyError("AUTH-002", "This operation must be called over HTTPS.")
        base = origin(services.settings.public_url, scope, scope_header(scope, b"host"))
        # The legacy skin applies the customer's watermark rules, not the client's.
        seen = services.viewers.of(None, customer.id if customer else None)
        return Call(
            services,
            header,
            base,
            secure,
            info,
            customer,
            self.images,
            seen.watermarks,
            seen.entitlements,
            scope,
        )


async def _wrong_method(request: Request) -> Response:
    answer = fail((), "InvalidRequest", "Legacy operations are called with POST.")
    return Response(splice(answer, None), media_type=JSON_TYPE.decode())


routes = [
    Route("/v1/{area}/{operation}", _wrong_method, methods=["GET", "PUT", "DELETE"]),
    Route("/v2/search/SearchForImages", _wrong_method, methods=["GET", "PUT", "DELETE"]),
]
