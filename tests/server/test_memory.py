"""No caller can make the server keep more than its configured cache budget."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest
from bench import traffic

from photobank.emulator.process import ServerOptions
from photobank.testing import PhotobankEmulator
from tests.api.legacy.test_bad_input import CASES as LEGACY_CASES
from tests.api.v3.test_bad_input import CASES as V3_CASES
from tests.deployment import running_emulator

BUDGETS_MB = {
    "V3_ANSWER_CACHE_MB": 6,
    "V3_SEARCH_CACHE_MB": 4,
    "V3_SEARCH_PLAN_CACHE_MB": 2,
    "PROJECTION_CACHE_MB": 6,
    "LEGACY_ANSWER_CACHE_MB": 4,
    "LEGACY_DOCUMENT_CACHE_MB": 4,
    "ASSET_CACHE_MB": 4,
    "SIMILAR_CACHE_MB": 2,
    "MEDIA_URL_CACHE_MB": 2,
    "ACCOUNT_CACHE_MB": 2,
    "MEDIA_MEMORY_CACHE_MB": 4,
    "JOURNAL_MB": 4,
}
BUSTING = 5_000
AS_JSON = {"Content-Type": "application/json"}
# What the allocator keeps beyond live objects after a burst: freed blocks it has
# not returned, arenas half in use. Measured at 5-20 MiB; without budgets in bytes
# the same requests grew the server by hundreds of MiB.
ALLOCATOR_SLACK_MB = 32


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhotobankEmulator]:
    env = {f"PHOTOBANK_{name}": str(mb) for name, mb in BUDGETS_MB.items()}
    options = ServerOptions(assets=400, env=env)
    with running_emulator(tmp_path_factory.mktemp("memory"), options) as running:
        yield running


@pytest.fixture(scope="module")
def target(server: PhotobankEmulator) -> traffic.Target:
    found = traffic.discover(
        server.base_url, server.api_key, server.api_secret, server.username, server.password
    )
    # Every route and code path once, caches filled, before any baseline.
    warm = traffic.send(found, traffic.ordinary(found, 300, seed=1))
    warm += traffic.send(found, traffic.busting(found, 200, seed=2))
    assert set(warm) == {200}, warm
    return found


def _rss(server: PhotobankEmulator) -> float:
    return float(server.status()["memory"]["rss_mib"])


def test_cache_busting_requests_grow_the_server_by_no_more_than_its_budget(
    server: PhotobankEmulator, target: traffic.Target
) -> None:
    assert server.status()["memory"]["cache_budget_mib"] == sum(BUDGETS_MB.values())
    before = _rss(server)
    statuses = traffic.send(target, traffic.busting(target, BUSTING, seed=3))
    after = _rss(server)
    assert set(statuses) == {200}, statuses
    assert after - before <= sum(BUDGETS_MB.values()) + ALLOCATOR_SLACK_MB, (before, after)


def test_unfinished_huge_headers_are_refused_and_leave_nothing_behind(
    server: PhotobankEmulator, target: traffic.Target
) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    before = _rss(server)
    floods = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(20)]
    answers = []
    try:
        for sock in floods:
            sock.sendall(b"GET /v3/images/1 HTTP/1.1\r\nHost: x\r\nX-Flood: ")
            try:
                for _ in range(128):  # up to 8 MB of one header, never finished
                    sock.sendall(b"f" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused: the server closed the connection
        for sock in floods:
            answers.append(sock.recv(200))
    finally:
        for sock in floods:
            sock.close()
    assert all(answer.startswith(b"HTTP/1.1 431 ") for answer in answers), answers
    assert _rss(server) - before <= 16
    assert traffic.send(target, traffic.ordinary(target, 60, seed=4)) == {200: 60}


def test_the_bad_input_corpus_is_refused_and_leaves_rss_where_it_was(
    server: PhotobankEmulator, target: traffic.Target
) -> None:
    image = target.image_ids[0]
    v3 = [
        (method, url.replace("{image}", image).replace("{video}", image), body)
        for method, url, body in V3_CASES
    ]
    signed_in = {"Api-Key": target.api_key, "Authorization": f"Bearer {target.user_token}"}
    with httpx.Client(base_url=target.base_url, timeout=60) as http:

        def one_pass() -> None:
            for method, url, body in v3:
                headers = signed_in if body is None else {**signed_in, **AS_JSON}
                content = body if isinstance(body, bytes) or body is None else json.dumps(body)
                answer = http.request(method, url, content=content, headers=headers)
                assert 400 <= answer.status_code < 500, (url, answer.status_code)
            for path, body in LEGACY_CASES:
                operation = path.rsplit("/", 1)[-1]
                document = {"RequestHeader": {"Token": target.legacy_token}}
                raw = body if isinstance(body, bytes) else None
                answer = http.post(
                    path, content=raw or json.dumps({**document, f"{operation}RequestBody": body})
                )
                assert answer.json()["ResponseHeader"]["Status"] == "error", (path, answer.text)

        one_pass()  # the first pass reaches code no ordinary request did
        before = _rss(server)
        for _ in range(2):
            one_pass()
    assert _rss(server) - before <= 8
