"""Forwarding requests to an upstream Getty-compatible server, with the caller's credentials.

What the record, replay, spy and validation commands are built on::

    from photobank.upstream.forward import Forwarder, ForwardingApp

    forwarder = Forwarder("https://api.gettyimages.com")
    app = ForwardingApp(forwarder)              # a plain forwarding proxy, or:

    async def checked(request: Incoming, forward: Forward) -> Answer:
        ...                                     # look at request.method/target/headers/body
        answer = await forward(request)         # or answer without forwarding
        return answer.with_headers([(b"x-photobank-violations", b"0")])

    app = ForwardingApp(forwarder, checked)
    serve(app, host, [Listener(port)], "warning", 100)   # photobank.tls.serving

- :class:`Incoming` is the client's request as received (``target`` is the path
  with its query string; header names lower case, as ASGI gives them).
- :class:`Answer` is what goes back: status, headers, body. The forwarder's
  answers have hop-by-hop headers, ``content-length`` and ``content-encoding``
  removed (bodies arrive decoded); :class:`ForwardingApp` sets the length.
- :meth:`Forwarder.fetch` GETs an absolute URL over the same pool, without credentials.
- :meth:`Forwarder.send` sends the request with the caller's own ``Api-Key``,
  ``Authorization`` and cookies, drops hop-by-hop headers and lets the client
  library set ``Host`` to the upstream's. An unreachable upstream is a Getty-style
  502 (504 on a timeout) naming it; an answer over ``max_body`` bytes is a 502
  saying so, never held whole. One ``httpx.AsyncClient`` per forwarder, with a
  bounded pool; :class:`ForwardingApp` closes it when the server stops.
- A request body over ``max_body`` is refused with a Getty-style 413 before
  anything is sent; a target the client library cannot address is a 400.
- ``Answer.from_upstream`` is False on the proxy's own answers (those refusals),
  so an interceptor can tell them from the upstream's (a recorder keeps none).
- ``ForwardingApp.on_shutdown``: coroutines run when the server stops.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from photobank.api.bodies import read_body
from photobank.api.v3.errors import application_error

MAX_BODY = 32 * 1024 * 1024  # a comp or preview is < 1 MiB; a licensed original a few MiB
Headers = list[tuple[bytes, bytes]]

# RFC 9110 7.6.1, plus what the proxy itself sets from the body it sends or answers.
_HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"content-length",
        b"content-encoding",
    }
)


@dataclass(frozen=True, slots=True)
class Incoming:
    """A client's request: ``target`` is the path and query (``/v3/images?ids=1``)."""

    method: str
    target: str
    headers: Headers
    body: bytes = b""

    def header(self, name: bytes) -> str | None:
        """The first value of header ``name`` (lower case)."""
        return next((v.decode("latin-1") for k, v in self.headers if k == name), None)


@dataclass(frozen=True, slots=True)
class Answer:
    """``from_upstream`` False: the proxy's own answer (an unreachable upstream, a refusal)."""

    status: int
    headers: Headers
    body: bytes
    from_upstream: bool = True

    def header(self, name: bytes) -> str | None:
        return next((v.decode("latin-1") for k, v in self.headers if k == name), None)

    def with_headers(self, extra: Iterable[tuple[bytes, bytes]]) -> Answer:
        return dataclasses.replace(self, headers=[*self.headers, *extra])


Forward = Callable[[Incoming], Awaitable[Answer]]
Interceptor = Callable[[Incoming, Forward], Awaitable[Answer]]


def getty_error(status: int, code: str, message: str) -> Answer:
    """An answer in the v3 skin's error shape (``ErrorCode``, ``message`` ...)."""
    response = application_error(status, code, message)
    headers = [(k, v) for k, v in response.raw_headers if k != b"content-length"]
    return Answer(status, headers, bytes(response.body), from_upstream=False)


class AnswerTooLarge(Exception):
    pass


class Forwarder:
    """Sends :class:`Incoming` requests to ``upstream`` (a base URL) over one pooled client."""

    def __init__(
        self,
        upstream: str,
        *,
        max_body: int = MAX_BODY,
        timeout: float = 60.0,
        connections: int = 32,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"the upstream must be an http(s) URL, not {upstream!r}")
        self.upstream = upstream.rstrip("/")
        self.max_body = max_body
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            follow_redirects=False,
            transport=transport,
        )

    async def send(self, request: Incoming) -> Answer:
        """The upstream's answer to ``request``, or a Getty-style 502/504 naming the upstream."""
        url = self.upstream + request.target
        return await self._exchange(request.method, url, _end_to_end(request.headers), request.body)

    async def fetch(self, url: str) -> Answer:
        """GET an absolute ``url`` (a display rendition an answer named), with no credentials."""
        return await self._exchange("GET", url, [], b"")

    async def _exchange(self, method: str, url: str, headers: Headers, body: bytes) -> Answer:
        try:
            outgoing = self._client.build_request(method, url, headers=headers, content=body)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
            return getty_error(400, "InvalidRequest", f"Cannot forward {method} {url}: {exc}")
        where = f"{outgoing.url.scheme}://{outgoing.url.netloc.decode('ascii')}"
        try:
            response = await self._client.send(outgoing, stream=True)
            try:
                body = await self._read(response)
            finally:
                await response.aclose()
        except httpx.TimeoutException:
            return getty_error(
                504, "UpstreamTimeout", f"The upstream {where} did not answer in time."
            )
        except (httpx.TransportError, httpx.DecodingError) as exc:
            why = str(exc) or type(exc).__name__
            return getty_error(
                502, "UpstreamUnavailable", f"The upstream {where} cannot be reached: {why}"
            )
        except AnswerTooLarge:
            return getty_error(
                502,
                "UpstreamAnswerTooLarge",
                f"The upstream {where} answered more than {self.max_body:,} bytes.",
            )
        kept = _end_to_end(response.headers.raw)
        if method == "HEAD" and (length := response.headers.get("content-length")):
            kept.append((b"content-length", length.encode()))  # what a GET would send
        return Answer(response.status_code, kept, body)

    async def _read(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            raise AnswerTooLarge
        data = bytearray()
        async for chunk in response.aiter_bytes():
            data += chunk
            if len(data) > self.max_body:
                raise AnswerTooLarge
        return bytes(data)

    async def aclose(self) -> None:
        await self._client.aclose()


def _end_to_end(headers: Iterable[tuple[bytes, bytes]]) -> Headers:
    """``headers`` without hop-by-hop ones (and those the Connection header names)."""
    pairs = [(k.lower(), v) for k, v in headers]
    named = {
        token.strip().lower().encode("latin-1")
        for k, v in pairs
        if k == b"connection"
        for token in v.decode("latin-1").split(",")
    }
    return [(k, v) for k, v in pairs if k not in _HOP_BY_HOP and k not in named]


async def _forward_only(request: Incoming, forward: Forward) -> Answer:
    return await forward(request)


class _TooLarge(Exception):
    pass


class ForwardingApp:
    """An ASGI app: each request read (bounded), handed to ``interceptor`` with the
    forwarder's :meth:`~Forwarder.send`, and its answer sent back."""

    def __init__(self, forwarder: Forwarder, interceptor: Interceptor = _forward_only) -> None:
        self.forwarder = forwarder
        self._interceptor = interceptor
        self.on_shutdown: list[Callable[[], Awaitable[None]]] = [forwarder.aclose]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        incoming = await _incoming(scope, receive, self.forwarder.max_body)
        if incoming is None:
            answer = getty_error(
                413,
                "RequestTooLarge",
                f"The request body is over {self.forwarder.max_body:,} bytes.",
            )
        else:
            answer = await self._interceptor(incoming, self.forwarder.send)
        await send_answer(answer, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for close in self.on_shutdown:
                    await close()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _incoming(scope: Scope, receive: Receive, limit: int) -> Incoming | None:
    """The request as received, or None when its body is over ``limit`` bytes."""
    try:
        body = await read_body(Request(scope, receive), limit, _TooLarge)
    except _TooLarge:
        return None
    query = scope.get("query_string", b"").decode("latin-1")
    path = scope.get("raw_path") or scope["path"].encode()
    target = path.decode("latin-1") + (f"?{query}" if query else "")
    return Incoming(scope["method"], target, list(scope["headers"]), body)


async def send_answer(answer: Answer, send: Send) -> None:
    """Send ``answer`` over ASGI with its own ``content-length`` (a HEAD answer's: the
    length its GET would have)."""
    framing = (b"content-length", b"transfer-encoding")
    declared = answer.header(b"content-length") if not answer.body else None
    headers = [(k, v) for k, v in answer.headers if k not in framing]
    headers.append((b"content-length", (declared or str(len(answer.body))).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
