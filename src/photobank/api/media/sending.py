"""Sending a stored media file: validators, conditional requests, one byte range, HEAD.

Starlette's ``FileResponse`` would do the ranges, but it reads 64 KiB per
worker-thread hop (80 hops for a 5 MB download), hashes an ETag on every
response and knows no ``If-None-Match``. Here the ETag is the file's content
key, conditional requests answer 304 without touching the file, and bodies
come from memory, from the server's own file sending where it offers ASGI
``pathsend`` (uvicorn does not), or in 1 MiB reads. Only single ranges are
honoured (RFC 9110 lets a server answer a multi-range request with the whole
file).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from anyio import to_thread
from starlette.types import Scope, Send

from photobank.api.v3.errors import application_error
from photobank.media.storage import MediaStorage

CHUNK = 1024 * 1024
_PATHSEND = "http.response.pathsend"
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Validators:
    """What the response headers say about one stored file, formatted once."""

    tag: str  # content key: the same bytes always have the same tag
    size: int
    modified: float
    etag: str
    last_modified: str
    headers: tuple[tuple[bytes, bytes], ...]  # etag, last-modified

    @classmethod
    def of(cls, tag: str, size: int, modified: float) -> Validators:
        etag, last_modified = f'"{tag}"', formatdate(modified, usegmt=True)
        headers = ((b"etag", etag.encode()), (b"last-modified", last_modified.encode()))
        return cls(tag, size, modified, etag, last_modified, headers)


async def send_media(
    scope: Scope,
    send: Send,
    media: Validators,
    body: bytes | BinaryIO,
    headers: Headers,
    path: Path | None = None,
) -> None:
    """Answer a GET or HEAD for ``media`` whose bytes are ``body`` (closed here);
    ``path``, the same bytes as a local file, lets a server that can send files
    itself (ASGI ``pathsend``) do so without copying them through Python."""
    try:
        await _respond(scope, send, media, body, headers, path)
    finally:
        if not isinstance(body, bytes):
            await to_thread.run_sync(body.close)


async def send_presigned(
    scope: Scope, send: Send, storage: MediaStorage, key: str, seconds: int, headers: Headers
) -> bool:
    """Answer a GET with 302 to a URL of the store that serves ``key`` for ``seconds``
    with the content type and disposition of ``headers``; False when the store has no
    such URLs, or for a HEAD (a presigned URL is signed for GET alone)."""
    if scope["method"] != "GET":
        return False
    wanted = dict(headers)
    answer = {"ResponseContentType": wanted[b"content-type"].decode()}
    if b"content-disposition" in wanted:
        answer["ResponseContentDisposition"] = wanted[b"content-disposition"].decode()
    location = await to_thread.run_sync(storage.presigned, key, seconds, answer)
    if location is None:
        return False
    out = [(b"location", location.encode()), (b"cache-control", b"private, no-cache")]
    await send({"type": "http.response.start", "status": 302, "headers": out})
    await send({"type": "http.response.body", "body": b""})
    return True


async def _respond(
    scope: Scope,
    send: Send,
    media: Validators,
    body: bytes | BinaryIO,
    headers: Headers,
    path: Path | None,
) -> None:
    request = _request_headers(scope)
    if request and _not_modified(request, media):
        out = [*headers, *media.headers]
        await send({"type": "http.response.start", "status": 304, "headers": out})
        await send({"type": "http.response.body", "body": b""})
        return
    try:
        span = _range(request, media) if request else None
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
    out = [*headers, *media.headers, (b"accept-ranges", b"bytes")]
    out.append((b"content-length", str(end - start).encode()))
    if span:
        out.append((b"content-range", f"bytes {start}-{end - 1}/{media.size}".encode()))
    await send({"type": "http.response.start", "status": status, "headers": out})
    if scope["method"] == "HEAD":
        await send({"type": "http.response.body", "body": b""})
    elif isinstance(body, bytes):
        await send({"type": "http.response.body", "body": body[start:end] if span else body})
    elif path is not None and not span and _PATHSEND in scope.get("extensions", {}):
        await send({"type": _PATHSEND, "path": str(path)})
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


def _range(request: dict[bytes, bytes], media: Validators) -> tuple[int, int] | None:
    """The one ``(start, end)`` asked for, or None to send the whole file (no,
    malformed, multi-part or outdated ``Range``); :class:`_Unsatisfiable` when
    it lies outside the file."""
    raw = request.get(b"range")
    if raw is None:
        return None
    if_range = request.get(b"if-range")
    if if_range is not None and if_range.decode("latin-1") not in (media.etag, media.last_modified):
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
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None
