"""The forwarder: the caller's credentials reach the upstream, its answer comes back whole."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from photobank.emulator.process import free_port
from photobank.upstream.forward import Answer, Forward, Forwarder, ForwardingApp, Incoming


async def _echo(request: Request) -> Response:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": dict(request.headers),
            "body": body.decode(),
        },
        headers={"X-Upstream": "yes", "Connection": "keep-alive"},
    )


async def _big(_request: Request) -> Response:
    return Response(b"x" * 5000, media_type="application/octet-stream")


_UPSTREAM = Starlette(
    routes=[Route("/big", _big), Route("/{rest:path}", _echo, methods=["GET", "POST"])]
)


def _proxy(**kwargs: Any) -> httpx.AsyncClient:
    interceptor = kwargs.pop("interceptor", None) or _plain
    forwarder = Forwarder(
        "http://upstream.test", transport=httpx.ASGITransport(app=_UPSTREAM), **kwargs
    )
    app = ForwardingApp(forwarder, interceptor)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://proxy.test")


async def _plain(request: Incoming, forward: Forward) -> Answer:
    return await forward(request)


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_credentials_query_and_body_reach_the_upstream_and_host_is_the_upstreams() -> None:
    async def go() -> httpx.Response:
        async with _proxy() as client:
            return await client.post(
                "/oauth2/token?x=1&x=2",
                content=b"grant_type=client_credentials",
                headers={
                    "Api-Key": "key-1",
                    "Authorization": "Bearer t",
                    "Cookie": "a=b",
                    "Proxy-Authorization": "Basic zzz",
                },
            )

    response = _run(go())
    seen = response.json()
    assert response.status_code == 200
    assert (seen["method"], seen["path"], seen["query"]) == ("POST", "/oauth2/token", "x=1&x=2")
    assert seen["body"] == "grant_type=client_credentials"
    headers = seen["headers"]
    assert headers["api-key"] == "key-1"
    assert headers["authorization"] == "Bearer t"
    assert headers["cookie"] == "a=b"
    assert headers["host"] == "upstream.test"
    assert "proxy-authorization" not in headers
    assert response.headers["x-upstream"] == "yes"
    assert response.headers["content-length"] == str(len(response.content))


def test_an_unreachable_upstream_is_a_getty_style_502_naming_it() -> None:
    upstream = f"http://127.0.0.1:{free_port()}"

    async def go() -> Answer:
        forwarder = Forwarder(upstream, timeout=5)
        try:
            return await forwarder.send(Incoming("GET", "/v3/images/1", []))
        finally:
            await forwarder.aclose()

    answer = _run(go())
    assert answer.status == 502
    assert upstream in answer.body.decode()
    assert b'"ErrorCode":"UpstreamUnavailable"' in answer.body


def test_bodies_over_the_limit_are_refused_both_ways() -> None:
    async def go() -> tuple[httpx.Response, httpx.Response]:
        async with _proxy(max_body=1000) as client:
            big_answer = await client.get("/big")
            big_request = await client.post("/echo", content=b"y" * 2000)
            return big_answer, big_request

    answer, request = _run(go())
    assert answer.status_code == 502
    assert "more than 1,000 bytes" in answer.json()["message"]
    assert request.status_code == 413


def test_an_interceptor_can_answer_or_decorate() -> None:
    async def tagged(request: Incoming, forward: Forward) -> Answer:
        if request.target.startswith("/local"):
            return Answer(418, [], b"teapot")
        return (await forward(request)).with_headers([(b"x-seen", b"1")])

    async def go() -> tuple[httpx.Response, httpx.Response]:
        async with _proxy(interceptor=tagged) as client:
            return await client.get("/local"), await client.get("/remote")

    local, remote = _run(go())
    assert (local.status_code, local.content) == (418, b"teapot")
    assert remote.headers["x-seen"] == "1"


def test_a_head_answer_says_the_length_its_get_would_have() -> None:
    async def go() -> tuple[httpx.Response, httpx.Response]:
        async with _proxy() as client:
            return await client.head("/big"), await client.get("/big")

    head, get = _run(go())
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == "5000"
