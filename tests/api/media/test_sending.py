"""The media sender on its own: what goes out for each kind of request."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import anyio
import pytest

from photobank.api.media.sending import CHUNK, Validators, send_media

DATA = bytes(range(256)) * 10_000  # 2.56 MB: more than two chunks
MEDIA = Validators.of("abc123", len(DATA), 1_700_000_000.0)


def _scope(method: str = "GET", extensions: dict[str, Any] | None = None, **headers: str) -> Any:
    raw = [(k.replace("_", "-").lower().encode(), v.encode()) for k, v in headers.items()]
    return {"type": "http", "method": method, "headers": raw, "extensions": extensions or {}}


def _send(scope: Any, body: bytes | io.BytesIO, path: Path | None = None) -> list[Any]:
    messages: list[Any] = []

    async def send(message: Any) -> None:
        messages.append(message)

    async def run() -> None:
        await send_media(scope, send, MEDIA, body, [(b"content-type", b"image/jpeg")], path)

    anyio.run(run)
    return messages


def _headers(messages: list[Any]) -> dict[bytes, bytes]:
    return dict(messages[0]["headers"])


def test_files_are_streamed_in_large_chunks_and_closed() -> None:
    file = io.BytesIO(DATA)
    messages = _send(_scope(), file)
    bodies = [m["body"] for m in messages[1:]]
    assert b"".join(bodies) == DATA and len(bodies) == 3 and len(bodies[0]) == CHUNK
    assert [m.get("more_body", False) for m in messages[1:]] == [True, True, False]
    assert _headers(messages)[b"content-length"] == str(len(DATA)).encode()
    assert file.closed


def test_a_range_of_a_file_is_read_from_its_offset() -> None:
    messages = _send(_scope(range=f"bytes={CHUNK - 5}-{CHUNK + 4}"), io.BytesIO(DATA))
    assert messages[0]["status"] == 206
    assert b"".join(m["body"] for m in messages[1:]) == DATA[CHUNK - 5 : CHUNK + 5]


def test_servers_that_send_files_themselves_get_the_path(tmp_path: Path) -> None:
    extensions = {"http.response.pathsend": {}}
    messages = _send(_scope(extensions=extensions), io.BytesIO(DATA), tmp_path / "f.jpg")
    assert messages[1] == {"type": "http.response.pathsend", "path": str(tmp_path / "f.jpg")}
    ranged = _send(_scope(extensions=extensions, range="bytes=0-9"), io.BytesIO(DATA), tmp_path)
    assert ranged[1]["body"] == DATA[:10]  # a range is cut here, not by the server


def test_head_and_not_modified_send_no_body() -> None:
    head = _send(_scope("HEAD", range="bytes=0-9"), DATA)
    assert head[0]["status"] == 206 and head[1]["body"] == b""
    assert _headers(head)[b"content-length"] == b"10"
    cached = _send(_scope(if_none_match=MEDIA.etag), io.BytesIO(DATA))
    assert cached[0]["status"] == 304 and cached[1]["body"] == b""
    assert b"content-length" not in _headers(cached)
    assert _headers(cached)[b"etag"] == MEDIA.etag.encode()


@pytest.mark.parametrize(
    "date",
    ["not a date", "Mon, 01 Jan 99999 00:00:00 GMT", "Sun, 31 Dec 1899 23:59:59 GMT", ""],
)
def test_unreadable_dates_are_ignored(date: str) -> None:
    assert _send(_scope(if_modified_since=date), DATA)[0]["status"] == 200
    assert _send(_scope(range="bytes=0-1", if_range=date), DATA)[0]["status"] == 200


def test_an_if_range_date_must_match_exactly() -> None:
    exact = _send(_scope(range="bytes=0-1", if_range=MEDIA.last_modified), DATA)
    assert exact[0]["status"] == 206
