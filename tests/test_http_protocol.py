"""The server refuses oversized and slow request heads as a reverse proxy would."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from photobank import http_protocol
from photobank.emulator.process import free_port
from photobank.http_protocol import BoundedHttpProtocol

CONNECTIONS = 4


async def _hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hello" if request.method == "GET" else str(len(await request.body())))


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    chosen = free_port()
    config = uvicorn.Config(
        Starlette(routes=[Route("/", _hello, methods=["GET", "POST"])]),
        host="127.0.0.1",
        port=chosen,
        http=BoundedHttpProtocol,
        limit_concurrency=CONNECTIONS,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield chosen
    server.should_exit = True
    thread.join(5)


def _exchange(port: int, *parts: bytes, pause: float = 0.0) -> bytes:
    """Send ``parts`` and read until the server closes (or 5 s pass)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            for part in parts:
                sock.sendall(part)
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused mid-head: the answer is already there
        return _read_all(sock)


def _read_all(sock: socket.socket) -> bytes:
    answer = b""
    try:
        while chunk := sock.recv(65536):
            answer += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return answer


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_an_ordinary_request_and_a_pipelined_pair_are_answered(port: int) -> None:
    one = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    last = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = _exchange(port, one + last)
    assert answer.count(b"HTTP/1.1 200 OK") == 2 and answer.endswith(b"hello")


def test_a_large_body_sent_with_its_head_is_not_taken_for_a_head(port: int) -> None:
    body = b"b" * (4 * http_protocol.MAX_HEAD)
    head = b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
    answer = _exchange(port, head % len(body) + body)
    assert _status(answer) == 200 and answer.endswith(str(len(body)).encode())


def test_a_head_beyond_its_limit_is_431_and_the_connection_closed(port: int) -> None:
    start = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: "
    answer = _exchange(port, start, b"a" * 8192 * 1024)  # 8 MB, never finished
    assert _status(answer) == 431
    assert b"Request Header Fields Too Large" in answer


def test_too_many_header_fields_are_431(port: int) -> None:
    fields = b"".join(b"X-%d: 1\r\n" % n for n in range(http_protocol.MAX_HEADERS + 1))
    assert _status(_exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n")) == 431


def test_a_request_line_beyond_its_limit_is_414(port: int) -> None:
    path = b"/" + b"a" * http_protocol.MAX_REQUEST_LINE
    assert _status(_exchange(port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")) == 414


def test_a_head_sent_too_slowly_is_408(port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_protocol, "HEAD_TIMEOUT", 0.3)
    answer = _exchange(port, b"GET / HTTP/1.1\r\n", b"Host: x\r\n", pause=0.2)
    assert _status(answer) == 408


def test_connections_beyond_the_limit_are_503_before_any_head(port: int) -> None:
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(CONNECTIONS)]
    try:
        time.sleep(0.1)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as extra:
            assert _status(_read_all(extra)) == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.1)
    assert (
        _status(_exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 200
    )
