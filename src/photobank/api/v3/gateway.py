"""What Getty's API gateway does before any v3 operation runs.

A pure ASGI middleware (no per-request task overhead) that answers CORS
preflights, resolves the Api-Key and bearer token into a caller, applies the
client's throttling limits, replays stored answers (:mod:`.response_cache`),
calls the searches' endpoints without routing (:mod:`.search`) and adds CORS
headers to every v3 response.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from starlette.datastructures import Headers
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photobank.api.v3.errors import domain_error_response
from photobank.api.v3.response_cache import ResponseCache
from photobank.errors import DomainError
from photobank.state.freshness import checked_caller

if TYPE_CHECKING:
    from photobank.composition import Services

PREFIXES = ("/v3", "/Public/3.0/")  # the API's, and the seed's hypermedia links
_CORS_ORIGIN = (b"access-control-allow-origin", b"*")
_ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
_BASE_ALLOW_HEADERS = (
    "origin, accept, content-type, api-key, authorization, accept-language, gi-country-code"
)


class V3Gateway:
    def __init__(
        self,
        app: ASGIApp,
        services: Services,
        prefixes: tuple[str, ...] = PREFIXES,
        responses: ResponseCache | None = None,
        searches: ResponseCache | None = None,
        direct: Iterable[Route] = (),
    ) -> None:
        """``direct``: GET routes called straight after the checks, without routing
        (their endpoints are plain ASGI apps that answer their own errors); a route's
        path is exact or ends in one parameter (``/v3/images/{ids}``)."""
        self.app = app
        self.services = services
        self.prefixes = prefixes
        self.replayed = tuple(cache for cache in (responses, searches) if cache is not None)
        self.direct: dict[str, Route] = {}
        self.direct_below: dict[str, tuple[Route, str]] = {}  # parent path -> route, parameter
        for route in direct:
            parent, _, last = route.path.rpartition("/")
            if last.startswith("{") and last.endswith("}") and "{" not in parent:
                self.direct_below[parent] = (route, last[1:-1])
            else:
                self.direct[route.path] = route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if "access-control-request-method" in headers:
                await self._preflight(headers, send)
                return
        api_key, authorization = _credentials(scope["headers"])
        authenticator = self.services.authenticator
        try:
            caller = checked_caller(
                scope,
                lambda: authenticator.authenticate(api_key, authorization),
                self.services.throttle,
            )
        except DomainError as exc:
            response = domain_error_response(exc)
            response.headers["Access-Control-Allow-Origin"] = "*"
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["caller"] = caller

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), _CORS_ORIGIN]
            await send(message)

        stored = None
        for cache in self.replayed:
            stored = cache.replay(scope, self.services, caller)
            if stored is not None:
                break
        if stored is not None:
            await stored(scope, receive, send_with_cors)
        elif scope["method"] == "GET" and (route := self._direct(scope)) is not None:
            scope["route"] = route  # what the router would have set (metrics name it)
            await route.app(scope, receive, send_with_cors)
        else:
            await self.app(scope, receive, send_with_cors)

    def _direct(self, scope: Scope) -> Route | None:
        """The direct route of the request's path, its parameter set as the router would."""
        path: str = scope["path"]
        route = self.direct.get(path)
        if route is None and self.direct_below:
            parent, _, last = path.rpartition("/")
            below = self.direct_below.get(parent) if last else None
            if below is not None:
                route = below[0]
                scope["path_params"] = {below[1]: last}
        return route

    async def _preflight(self, headers: Headers, send: Send) -> None:
        requested = headers.get("access-control-request-headers")
        response_headers = [
            (b"access-control-allow-origin", b"*"),
            (b"access-control-allow-methods", _ALLOW_METHODS.encode()),
            (b"access-control-allow-headers", (requested or _BASE_ALLOW_HEADERS).encode()),
            (b"access-control-max-age", b"1728000"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": response_headers})
        await send({"type": "http.response.body", "body": b""})


def _credentials(raw: Iterable[tuple[bytes, bytes]]) -> tuple[str | None, str | None]:
    """The first ``Api-Key`` and ``Authorization`` header values, in one pass over the
    (lower-cased, as ASGI servers send them) raw headers: cheaper than ``Headers``."""
    api_key = authorization = None
    for name, value in raw:
        if name == b"api-key":
            api_key = api_key if api_key is not None else value.decode("latin-1")
        elif name == b"authorization":
            authorization = authorization if authorization is not None else value.decode("latin-1")
    return api_key, authorization
