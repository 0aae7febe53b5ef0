"""Legacy POSTs are answered ahead of routing: bodies as ASGI servers deliver them,
the size limit, wrong methods, and everything else passed on untouched."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import SECURE, session

SEARCH = "/v1/search/SearchForImages"


def _post(app: Any, path: str, chunks: list[bytes], disconnect: bool = False) -> list[Any]:
    """POST ``chunks`` (one ASGI message each) to ``app``; the messages it sends back."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"photobank.test"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 40000),
        "server": ("photobank.test", 443),
    }
    incoming: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
        for n, chunk in enumerate(chunks)
    ]
    if disconnect:
        incoming[-1] = {"type": "http.disconnect"}
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def _envelope(sent: list[Any]) -> dict[str, Any]:
    start, body = sent
    assert start["status"] == 200
    assert dict(start["headers"])[b"content-type"] == b"application/json; charset=utf-8"
    assert int(dict(start["headers"])[b"content-length"]) == len(body["body"])
    document: dict[str, Any] = orjson.loads(body["body"])
    return document


def test_a_body_in_several_messages_is_read_whole(
    app: Any, anonymous: Any, demo: DemoCredentials
) -> None:
    token = session(anonymous, demo, user=False)["Token"]
    raw = orjson.dumps(
        {
            "RequestHeader": {"Token": token, "CoordinationId": "chunked"},
            "SearchForImages2RequestBody": {
                "Query": {"SearchPhrase": ""},
                "ResultOptions": {"ItemCount": 2, "ItemStartNumber": 1},
            },
        }
    )
    document = _envelope(_post(app, SEARCH, [raw[:10], raw[10:50], raw[50:]]))
    assert document["ResponseHeader"]["Status"] == "success"
    assert document["ResponseHeader"]["CoordinationId"] == "chunked"
    assert document["SearchForImagesResult"]["ItemCount"] == 2


def test_a_body_over_one_mebibyte_is_refused(app: Any) -> None:
    padding = b" " * (512 * 1024)
    raw = b'{"RequestHeader": {}' + padding + padding + b"}"
    for chunks in ([raw], [raw[:1000], raw[1000:]]):
        header = _envelope(_post(app, SEARCH, chunks))["ResponseHeader"]
        assert header["Status"] == "error"
        assert header["StatusList"][0]["Code"] == "InvalidRequest"
        assert "1 MiB" in header["StatusList"][0]["Message"]


def test_a_client_gone_before_its_body_arrived_gets_nothing(app: Any) -> None:
    assert _post(app, SEARCH, [b'{"Request', b""], disconnect=True) == []


def test_unknown_operations_and_wrong_methods_answer_in_envelopes(anonymous: Any) -> None:
    unknown = anonymous.post(f"{SECURE}/v1/search/Nope", json={"RequestHeader": {}})
    assert unknown.status_code == 200
    assert "/v1/search/Nope" in unknown.json()["ResponseHeader"]["StatusList"][0]["Message"]
    for method in ("GET", "PUT", "DELETE"):
        for path in (SEARCH, "/v2/search/SearchForImages"):
            wrong = anonymous.request(method, f"{SECURE}{path}")
            assert wrong.status_code == 200
            assert "POST" in wrong.json()["ResponseHeader"]["StatusList"][0]["Message"]


def test_other_requests_pass_through(anonymous: Any) -> None:
    assert anonymous.post(f"{SECURE}/v1/search/SearchForImages/extra").status_code == 404
    assert anonymous.get("/health").text == "ok"
    wrong = anonymous.patch(f"{SECURE}{SEARCH}")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
