"""Sending a stored media file: validators, conditional requests, one byte range, HEAD.

Starlette's ``FileResponse`` would do the ranges, but it reads 64 KiB per
worker-thread hop (80 hops for a 5 MB download), hashes an ETag on every
response and knows no ``If-None-Match``. Here the ETag is the file's content
key, conditional requests answer 304 without touching the file, bodies come
from memory or in 1 MiB reads, and only single ranges are honoured (RFC 9110
lets a server answer a multi-range request with the whole file).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from typing import BinaryIO

from anyio import to_thread
from starlette.types import Scope, Send

from photobank.api.v3.errors import application_error

CHUNK = 1024 * 1024
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Validators:
    tag: str  # content key: the same bytes always have the same tag
    size: int
    modified: float

    @property
    def etag(self) -> str:
        return f'"{self.tag}"'


async def send_media(
    scope: Scope, send: Send, media: Validators, body: bytes | BinaryIO, headers: Headers
) -> None:
    """Answer a GET or HEAD for ``media`` whose bytes are ``body`` (closed here)."""
    try:
        await _respond(scope, send, media, body, headers)
    finally:
        if not isinstance(body, bytes):
            await to_thread.run_sync(body.close)


async def _respond(
    scope: Scope, send: Send, media: Validators, body: bytes | BinaryIO, headers: Headers
) -> None:
    request = _request_headers(scope)
    last_modified = formatdate(media.modified, usegmt=True)
    validators = [(b"etag", media.etag.encode()), (b"last-modified", last_modified.encode())]
    if _not_modified(request, media):
        await send({"type": "http.response.start", "status": 304, "headers": headers + validators})
        await send({"type": "http.response.body", "body": b""})
        return
    try:
        span = _range(request, media, last_modified)
    except _Unsatisfiable:
        response = application_error(
            416,
            "RangeNotSatisfiable",
            f"The requested range is outside the file's {media.size} bytes.",
            {"Content-Range": f"bytes */{media.size}"},
        )
        await response(scope, _no_receive, send)
        return
    start, end = span or (0, media.size)
    status = 206 if span else 200
    out = [*headers, *validators, (b"accept-ranges", b"bytes")]
    out.append((b"content-length", str(end - start).encode()))
    if span:
        out.append((b"content-range", f"bytes {start}-{end - 1}/{media.size}".encode()))
    await send({"type": "http.response.start", "status": status, "headers": out})
    if scope["method"] == "HEAD":
        await send({"type": "http.response.body", "body": b""})
    elif isinstance(body, bytes):
        await send({"type": "http.response.body", "body": body[start:end] if span else body})
    else:
        await _stream(send, body, start, end)


async def _stream(send: Send, file: BinaryIO, start: int, end: int) -> None:
    if start:
        await to_thread.run_sync(file.seek, start)
    left = end - start
    while left > 0:
        chunk = await to_thread.run_sync(file.read, min(CHUNK, left))
        if not chunk:
            raise OSError("media file shorter than its recorded size")
        left -= len(chunk)
        await send({"type": "http.response.body", "body": chunk, "more_body": left > 0})


async def _no_receive() -> dict[str, object]:  # an error body never reads the request
    return {"type": "http.disconnect"}


def _request_headers(scope: Scope) -> dict[bytes, bytes]:
    wanted = (b"if-none-match", b"if-modified-since", b"range", b"if-range")
    return {name: value for name, value in scope["headers"] if name in wanted}


def _not_modified(request: dict[bytes, bytes], media: Validators) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    none_match = request.get(b"if-none-match")
    if none_match is not None:
        tags = {t.strip().removeprefix(b"W/") for t in none_match.split(b",")}
        return b"*" in tags or media.etag.encode() in tags
    since = _http_date(request.get(b"if-modified-since"))
    return since is not None and int(media.modified) <= since


class _Unsatisfiable(Exception):
    """The range asked for lies outside the file (416)."""


def _range(
    request: dict[bytes, bytes], media: Validators, last_modified: str
) -> tuple[int, int] | None:
    """The one ``(start, end)`` asked for, or None to send the whole file (no,
    malformed, multi-part or outdated ``Range``); :class:`_Unsatisfiable` when
    it lies outside the file."""
    raw = request.get(b"range")
    if raw is None:
        return None
    if_range = request.get(b"if-range")
    if if_range is not None and if_range.decode("latin-1") not in (media.etag, last_modified):
        return None
    unit, _, spec = raw.decode("latin-1").partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash or not (first or last) or not (first + last).isdigit():
        return None
    if not first:  # suffix: the last N bytes
        length = int(last)
        if not length or not media.size:
            raise _Unsatisfiable
        return max(0, media.size - length), media.size
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= media.size:
        raise _Unsatisfiable
    return start, min(int(last) + 1, media.size) if last else media.size


def _http_date(raw: bytes | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(parsedate_to_datetime(raw.decode("latin-1")).timestamp())
    except (TypeError, ValueError, IndexError):
        return None
