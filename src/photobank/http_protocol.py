"""uvicorn's HTTP/1.1 protocol with the limits a reverse proxy would put in front of it.

The parser buffers a request's line and headers until they are complete, and
uvicorn sets no bound on either, so one connection could make the server hold
megabytes and a slow one could hold them for ever. Here, as nginx does it:

* a request line longer than :data:`MAX_REQUEST_LINE` bytes is ``414 URI Too Long``;
* more than :data:`MAX_HEADERS` header fields, or a head (line and fields) of
  more than :data:`MAX_HEAD` bytes, is ``431 Request Header Fields Too Large``;
* a head not complete :data:`HEAD_TIMEOUT` seconds after the connection opened
  or its first byte arrived is ``408 Request Timeout``.

The connection is closed after each refusal. A connection beyond the server's
limit (``PHOTOBANK_MAX_CONNECTIONS``) is answered ``503`` and closed before any
of its head is read, so request heads hold at most about ``MAX_HEAD`` plus one
read per connection, times that limit.

uvicorn writes a response's head and its body separately, each a system call of
its own; here the writes of one turn of the event loop leave together, in one
(:class:`HeldWrites`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_REQUEST_LINE = 8 * 1024
MAX_HEADERS = 100
MAX_HEAD = 32 * 1024
HEAD_TIMEOUT = 30.0

_REASONS = {
    408: "Request Timeout",
    414: "URI Too Long",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}


class BoundedHttpProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True  # between the end of one request's body and its next head
        self._head_bytes = 0
        self._header_count = 0
        self._url_bytes = 0
        self._refusal: int | None = None
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(HeldWrites(transport, self.loop))
        limit = self.config.limit_concurrency
        if limit is not None and len(self.connections) > limit:
            self._refuse(503)  # beyond the connection limit: no head is read at all
            return
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
            self._arm_head_timer()
        super().data_received(data)
        # Still reading a head that is already too long: the parser holds it all.
        if self._in_head and self._head_bytes > MAX_HEAD and self._refusal is None:
            self._refuse(431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._header_count = self._url_bytes = 0

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > MAX_REQUEST_LINE:
            self._refusal = self._refusal or 414
            return
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > MAX_HEADERS:
            self._refusal = self._refusal or 431
            return
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm_head_timer()
        self._in_head = False
        if self._refusal is not None:
            self._refuse(self._refusal)
            return
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        if self._refusal is None:
            super().on_message_complete()
            self._in_head = True  # what comes next is the next request's head

    def on_body(self, body: bytes) -> None:
        if self._refusal is None:
            super().on_body(body)

    def _refuse(self, status: int) -> None:
        """Answer ``status`` with a short text and close, as a proxy in front would."""
        self._refusal = status
        self._disarm_head_timer()
        if self.transport.is_closing():
            return
        reason = _REASONS[status]
        text = f"{status} {reason}\n".encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(text)}\r\nconnection: close\r\n\r\n"
        ).encode()
        self.transport.write(head + text)
        self.transport.close()

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._in_head:
            return
        if self._head_bytes:
            self._refuse(408)
        elif not self.transport.is_closing():
            self.transport.close()  # connected, never said a word (or idle between requests)


class HeldWrites(asyncio.Transport):
    """A transport whose writes in one turn of the event loop are sent together.

    A response's head and body (and the next pipelined answer's) leave in one
    ``writelines``: uvloop sends them with one ``writev``, where two ``write``
    calls cost two sends. Writes are held up to :attr:`_AT_ONCE` bytes: a large
    write with nothing held goes at once, and one that takes what is held past
    that sends it all at once, so the transport's own flow control (pausing a
    writer whose peer reads slowly) sees every large answer as it is written.
    Closing sends what is held first; aborting drops it, as the transport's own
    buffer.
    """

    _AT_ONCE = 64 * 1024  # bytes: writes are held back up to this many

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._held: list[bytes | bytearray | memoryview] = []
        self._held_bytes = 0

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            if len(data) >= self._AT_ONCE:
                self._transport.write(data)
                return
            self._loop.call_soon(self._send_held)
        self._held.append(data)
        self._held_bytes += len(data)
        if self._held_bytes >= self._AT_ONCE:
            self._send_held()

    def writelines(self, list_of_data: Iterable[bytes | bytearray | memoryview]) -> None:
        for data in list_of_data:
            self.write(data)

    def _send_held(self) -> None:
        held, self._held, self._held_bytes = self._held, [], 0
        if self._transport.is_closing():  # the peer went: nothing more reaches it
            return
        if len(held) == 1:
            self._transport.write(held[0])
        elif held:
            self._transport.writelines(held)

    def close(self) -> None:
        self._send_held()
        self._transport.close()

    def write_eof(self) -> None:
        self._send_held()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held, self._held_bytes = [], 0
        self._transport.abort()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + self._held_bytes

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()
