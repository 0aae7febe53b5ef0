"""Per-request cost of the hot routes, driving the ASGI app directly (no sockets).

``python -m bench.inprocess [--assets N] [--data-dir DIR]`` prints CPU
microseconds per request for ``/health``, a cached and an uncached image, the
legacy GetImageDetails of the same cached ids (an application session's
standard token, over plain HTTP), legacy SearchForVideos (pages of every video,
four sort orders), and one search through the app next to the same search on
the engine alone. CPU time (not wall time) of this process is
measured, so other processes on the machine disturb the figures little; each
figure is the median of ``--rounds``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import uvloop
from starlette.types import ASGIApp, Message

from bench import catalog, workload
from bench.report import say
from photobank.app import create_app
from photobank.composition import Services, build_services
from photobank.search.query import SearchQuery

_KEY_FILE = "bench-inprocess-client.json"
_DETAILS = "/v1/search/GetImageDetails"
_VIDEOS = "/v1/search/SearchForVideos"
_VIDEO_SORTS = ("BestMatch", "MostRecent", "MostPopular", "Trending")
_SUCCESS = b'{"ResponseHeader":{"Status":"success"'


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.inprocess", description=__doc__)
    p.add_argument(
        "--assets", type=int, default=100_000, help="catalog size (built in bench/out if missing)"
    )
    p.add_argument("--data-dir", type=Path, help="an already built catalog")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--requests", type=int, default=5_000, help="image requests per round")
    p.add_argument("--searches", type=int, default=300, help="searches per round")
    p.add_argument("--rounds", type=int, default=5, help="rounds; the median is printed")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p.parse_args(argv)


class AsgiDriver:
    """Sends requests straight into an ASGI app, as uvicorn would."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self._app = app
        self._headers = [(b"host", b"127.0.0.1:8000"), (b"api-key", api_key.encode())]

    async def get(self, target: str) -> int:
        path, _, query = target.partition("?")
        status, _body = await self._send("GET", path, query, self._headers, b"")
        return status

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        """POST a JSON ``body`` (a legacy envelope): the status and the answer's body."""
        headers = [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        return await self._send("POST", path, "", headers, body)

    async def _send(
        self, method: str, path: str, query: str, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, bytes]:
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
        }
        status = 0
        answer: list[bytes] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                answer.append(message.get("body", b""))

        await self._app(scope, receive, send)
        return status, b"".join(answer)


def _cpu_us_per_call(calls: int, run: Callable[[], None]) -> float:
    start = time.process_time()
    run()
    return (time.process_time() - start) / calls * 1e6


def _api_key(services: Services, data_dir: Path) -> str:
    saved = data_dir / _KEY_FILE
    if saved.exists():
        return str(json.loads(saved.read_text())["api_key"])
    client, _secret = services.accounts.create_client("bench-inprocess", qps_limit=0, daily_limit=0)
    saved.write_text(json.dumps({"api_key": client.api_key}))
    return client.api_key


def _session_token(services: Services, api_key: str) -> str:
    """An application session's standard token."""
    client = services.accounts.get_client_by_key(api_key)
    if client is None:
        raise SystemExit(f"no API client {api_key}")
    token, _secure, _expires = services.tokens.issue_session(client.id, None, 24 * 3600)
    return token


def _details_bodies(token: str, ids: Sequence[str]) -> list[bytes]:
    """GetImageDetails envelopes for ``ids``."""
    return [
        orjson.dumps(
            {"RequestHeader": {"Token": token}, "GetImageDetailsRequestBody": {"ImageIds": [i]}}
        )
        for i in ids
    ]


def _videos_bodies(token: str, pages: int) -> list[bytes]:
    """SearchForVideos envelopes: the first ``pages`` pages of 25 videos in each sort order."""
    return [
        orjson.dumps(
            {
                "RequestHeader": {"Token": token},
                "SearchForVideosRequestBody": {
                    "ResultOptions": {
                        "ItemCount": 25,
                        "ItemStartNumber": 1 + 25 * page,
                        "SortOrder": sort,
                    }
                },
            }
        )
        for page in range(pages)
        for sort in _VIDEO_SORTS
    ]


class Bench:
    def __init__(self, services: Services, api_key: str, seed: int) -> None:
        self.services = services
        self.app = create_app(services=services)
        self.driver = AsgiDriver(self.app, api_key)
        self.loop = uvloop.new_event_loop()
        self.rng = random.Random(seed)

    def http(self, targets: Sequence[str]) -> float:
        """CPU µs per request of ``targets`` through the app, one after another."""

        async def run_all() -> None:
            for target in targets:
                status = await self.driver.get(target)
                if status != 200:
                    raise RuntimeError(f"{target} answered {status}")

        return _cpu_us_per_call(len(targets), lambda: self.loop.run_until_complete(run_all()))

    def legacy(self, path: str, bodies: Sequence[bytes]) -> float:
        """CPU µs per legacy operation POSTing ``bodies`` to ``path``; each must succeed."""

        async def run_all() -> None:
            for body in bodies:
                status, answer = await self.driver.post(path, body)
                if status != 200 or not answer.startswith(_SUCCESS):
                    raise RuntimeError(f"{path} answered {status}: {answer[:200]!r}")

        return _cpu_us_per_call(len(bodies), lambda: self.loop.run_until_complete(run_all()))

    def cold_http(self, targets: Sequence[str]) -> float:
        """As :meth:`http`, each request with empty asset and projection caches: the hits
        of a mix over a million images are mostly new to the server."""

        async def run_all() -> float:
            spent = 0.0
            for target in targets:
                self.services.catalog.clear_caches()  # not timed, nor the reload below
                self.services.catalog.reference()
                start = time.process_time()
                status = await self.driver.get(target)
                spent += time.process_time() - start
                if status != 200:
                    raise RuntimeError(f"{target} answered {status}")
            return spent

        return self.loop.run_until_complete(run_all()) / len(targets) * 1e6

    def engine(self, queries: Sequence[SearchQuery]) -> float:
        """CPU µs per query of the tantivy backend alone (as ``bench.run``'s ceiling)."""
        search = self.services.index.search

        def run_all() -> None:
            for query in queries:
                search(query)

        return _cpu_us_per_call(len(queries), run_all)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    data_dir = catalog.chosen_catalog(args.data_dir, args.assets, args.seed)
    services = build_services(catalog.settings_for(data_dir))
    key = _api_key(services, data_dir)
    rounds = args.rounds
    vocab = workload.sample_vocabulary(
        services, args.seed, ids=args.requests, cold=args.requests * (rounds + 1)
    )
    bench = Bench(services, key, args.seed)
    # As `photobank serve` does: start-up objects leave the collector's full passes.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    cached = [f"/v3/images/{i}" for i in vocab.image_ids]
    cold = [f"/v3/images/{i}" for i in vocab.cold_ids]
    token = _session_token(services, key)
    details = _details_bodies(token, vocab.image_ids)
    videos = _videos_bodies(token, 10)
    mixes = [workload.search_mix(vocab, args.searches, args.seed + r) for r in range(rounds + 1)]
    bench.http(cached)  # warm: asset and projection caches, reference data
    bench.legacy(_DETAILS, details)
    bench.legacy(_VIDEOS, videos)
    bench.http(cold[: args.requests])
    bench.http(mixes[0].urls())
    bench.engine(mixes[0].queries())
    figures: dict[str, list[float]] = {}
    for r in range(1, rounds + 1):
        say(f"round {r}/{rounds} ...")
        fresh = cold[r * args.requests : (r + 1) * args.requests]
        bench.http(cached)  # again in the caches after the last round's cold searches
        bench.legacy(_DETAILS, details)
        measured = {
            "health": bench.http(["/health"] * args.requests),
            "image_cached": bench.http(cached),
            "image_uncached": bench.http(fresh),
            "legacy_details": bench.legacy(_DETAILS, details),
            "legacy_videos": bench.legacy(_VIDEOS, videos * 5),
            "search_engine": bench.engine(mixes[r].queries()),
            "search_app": bench.http(mixes[r].urls()),
            "search_app_cold": bench.cold_http(mixes[r].urls()),
        }
        for name, value in measured.items():
            figures.setdefault(name, []).append(value)
    services.close()
    medians = {name: sorted(values)[len(values) // 2] for name, values in figures.items()}
    if args.json:
        print(json.dumps({"medians_us": medians, "rounds_us": figures}, indent=2))
        return
    for name, value in medians.items():
        spread = ", ".join(f"{v:.0f}" for v in figures[name])
        print(f"{name:<16} {value:8.1f} µs/request  (rounds: {spread})")
    health = medians["health"]
    print(f"cached image / health cost   {medians['image_cached'] / health:5.2f}x")
    print(f"uncached image / health cost {medians['image_uncached'] / health:5.2f}x")
    legacy = medians["legacy_details"] / medians["image_cached"]
    print(f"legacy details / cached image {legacy:5.2f}x")
    engine = medians["search_engine"]
    print(f"search app / engine cost     {medians['search_app'] / engine:5.2f}x")
    print(f"  the same, cold caches      {medians['search_app_cold'] / engine:5.2f}x")


if __name__ == "__main__":
    main()
