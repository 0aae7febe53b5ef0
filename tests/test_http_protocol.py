"""The server refuses oversized and slow request heads as a reverse proxy would, and sends
each answer's head and body together."""

from __future__ import annotations

import asyncio
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
from photobank.http_protocol import BoundedHttpProtocol, HeldWrites

CONNECTIONS = 4


async def _hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hello" if request.method == "GET" else str(len(await request.body())))


async def _large(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("x" * LARGE)


LARGE = 300_000  # bytes: beyond what HeldWrites holds back


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    chosen = free_port()
    config = uvicorn.Config(
        Starlette(routes=[Route("/", _hello, methods=["GET", "POST"]), Route("/large", _large)]),
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


def test_an_answer_s_head_and_body_arrive_together(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for _ in range(3):  # one connection, kept alive
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            first = sock.recv(65536)
            assert first.startswith(b"HTTP/1.1 200 OK") and first.endswith(b"\r\n\r\nhello")


def test_large_answers_and_heads_without_a_body_are_sent_whole(port: int) -> None:
    get = b"GET /large HTTP/1.1\r\nHost: x\r\n\r\n"
    head = b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = _exchange(port, get + head)
    large, _, rest = answer.partition(b"\r\n\r\n")
    assert _status(large) == 200 and rest.startswith(b"x" * LARGE)
    assert rest[LARGE:].startswith(b"HTTP/1.1 200 OK") and rest[LARGE:].endswith(b"\r\n\r\n")


class _Recorded(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, list[bytes]]] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.calls.append(("write", [bytes(data)]))

    def writelines(self, list_of_data: object) -> None:
        self.calls.append(("writelines", [bytes(d) for d in list_of_data]))  # type: ignore[attr-defined]

    def close(self) -> None:
        self.calls.append(("close", []))

    def is_closing(self) -> bool:
        return bool(self.calls) and self.calls[-1][0] in ("close", "abort")

    def abort(self) -> None:
        self.calls.append(("abort", []))

    def get_write_buffer_size(self) -> int:
        return 0


def test_writes_of_one_turn_leave_in_one_call_and_close_sends_them_first() -> None:
    asyncio.run(_one_turn_then_close())


async def _one_turn_then_close() -> None:
    recorded = _Recorded()
    held = HeldWrites(recorded, asyncio.get_running_loop())
    held.write(b"head")
    held.write(b"body")
    assert recorded.calls == [] and held.get_write_buffer_size() == 8
    await asyncio.sleep(0)
    assert recorded.calls == [("writelines", [b"head", b"body"])]
    large = b"x" * HeldWrites._AT_ONCE
    held.write(large)  # nothing held: at once
    held.write(b"head")
    held.write(large)  # past the bound with what is held: all at once, not at the turn's end
    assert recorded.calls[1:] == [("write", [large]), ("writelines", [b"head", large])]
    held.write(b"last")
    held.close()
    assert recorded.calls[3:] == [("write", [b"last"]), ("close", [])]
    held.write(b"dropped")
    held.abort()
    await asyncio.sleep(0)
    assert recorded.calls[-1] == ("abort", [])
    held = HeldWrites(recorded, asyncio.get_running_loop())
    held.write(b"the peer has gone")  # the transport closed under it: nothing is sent
    await asyncio.sleep(0)
    assert recorded.calls[-1] == ("abort", [])
