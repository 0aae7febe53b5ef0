"""``POST /v1/<area>/<Operation>``: one dispatcher, one table of operations.

The dispatcher does everything the operations share: it reads the envelope,
resolves the token under the transport rules of :mod:`.context`, runs the
operation and wraps its outcome. Reads (search, details) run on the event loop
like their v3 equivalents, over cached data; operations that write (sessions,
downloads, lightboxes) or hash a secret run in a worker thread.
Every failure, a client's or the server's, becomes a well-formed error
envelope: legacy clients read ``ResponseHeader`` before anything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

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
    LegacyError,
    Outcome,
    coordination_id,
    fail,
    from_domain,
    parse_envelope,
    respond,
)
from photobank.api.v3.common import base_url
from photobank.errors import DomainError
from photobank.tls.transport import is_secure

_MAX_BODY_BYTES = 1024 * 1024
_IMAGE_CACHE_SIZE = 20_000
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


async def dispatch(request: Request) -> Response:
    operation = OPERATIONS.get(request.url.path)
    if operation is None:
        return fail((), "InvalidRequest", f"No operation at {request.url.path}.", None)
    header: dict[str, Any] | None = None
    try:
        raw = await request.body()
        if len(raw) > _MAX_BODY_BYTES:
            raise LegacyError("InvalidRequest", "The request body is larger than 1 MiB.")
        header, body = parse_envelope(raw, operation.body_keys)
        call = _call(request, operation, header)
        if operation.reads:
            outcome = operation.handler(call, body)
        else:
            outcome = await run_in_threadpool(operation.handler, call, body)
    except LegacyError as exc:
        return fail(operation.result_keys, exc.code, exc.message, coordination_id(header))
    except DomainError as exc:
        error = from_domain(exc)
        return fail(operation.result_keys, error.code, error.message, coordination_id(header))
    except Exception:
        log.exception("legacy operation %s failed", request.url.path)
        message = "The server failed to answer; the error is logged."
        return fail(operation.result_keys, "InternalError", message, coordination_id(header))
    return respond(operation.result_keys, outcome, coordination_id(header))


def _call(request: Request, operation: Operation, header: dict[str, Any]) -> Call:
    services = request.app.state.services
    secure = is_secure(request.scope, services.settings)
    call = Call(services, header, base_url(request), secure, images=_image_cache(request))
    if not operation.token:
        if operation.secure_only and not secure:
            raise LegacyError("AUTH-002", "This operation must be called over HTTPS.")
        return call
    renew = operation.handler is sessions.renew_session
    info, customer = resolve(services, header, secure, operation.secure_only, renew)
    return Call(services, header, call.base_url, secure, info, customer, call.images)


def _image_cache(request: Request) -> DocumentCache:
    """The app's cache of projected legacy image documents, emptied on catalog changes."""
    state = request.app.state
    cache: DocumentCache | None = getattr(state, "legacy_images", None)
    if cache is None:
        cache = state.legacy_images = DocumentCache(_IMAGE_CACHE_SIZE)
        request.app.state.services.catalog.on_change(cache.clear)
    return cache


async def _wrong_method(request: Request) -> Response:
    return fail((), "InvalidRequest", "Legacy operations are called with POST.", None)


routes = [
    Route("/v1/{area}/{operation}", dispatch, methods=["POST"]),
    Route("/v2/search/SearchForImages", dispatch, methods=["POST"]),
    Route("/v1/{area}/{operation}", _wrong_method, methods=["GET", "PUT", "DELETE"]),
]
