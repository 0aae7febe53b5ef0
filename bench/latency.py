"""Sequential latency: in-process (backend, full service) and over HTTP."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import httpx

from bench.workload import Case
from photobank.composition import Services
from photobank.search.query import SearchQuery


@dataclass(frozen=True, slots=True)
class Summary:
    """Milliseconds; ``n`` timed calls, ``errors`` of them failed (HTTP only)."""

    n: int
    p50: float
    p99: float
    mean: float
    errors: int = 0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "p50_ms": self.p50,
            "p99_ms": self.p99,
            "mean_ms": self.mean,
            "errors": self.errors,
        }


def percentile(sorted_ms: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_ms:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_ms)))
    return sorted_ms[rank - 1]


def summarize(samples: list[float], errors: int = 0) -> Summary:
    ms = sorted(s * 1000 for s in samples)
    mean = sum(ms) / len(ms) if ms else math.nan
    return Summary(len(ms), percentile(ms, 50), percentile(ms, 99), mean, errors)


def _timed(calls: Sequence[Callable[[], object]]) -> list[float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def backend_latency(services: Services, queries: list[SearchQuery]) -> Summary:
    """The tantivy backend alone: ids, total and facet counts."""
    search = services.index.search
    return summarize(_timed([partial(search, q) for q in queries]))


def service_latency(services: Services, queries: list[SearchQuery]) -> Summary:
    """SearchService as the v3 skin calls it: backend, asset fetch, facet names."""
    search = services.search.search
    return summarize(_timed([partial(search, q) for q in queries]))


def http_latency(client: httpx.Client, case: Case) -> Summary:
    """One request at a time over a keep-alive connection, body read included."""
    samples: list[float] = []
    errors = 0
    for url in case.urls():
        start = time.perf_counter()
        response = client.get(url)
        _ = response.content
        samples.append(time.perf_counter() - start)
        errors += response.status_code != 200
    return summarize(samples, errors)


def backend_qps(services: Services, queries: list[SearchQuery], seconds: float) -> dict[str, float]:
    """Queries/s of the backend alone, one thread, cycling ``queries`` for ``seconds``.

    ``cpu`` is process CPU time over wall time: above 1 would mean tantivy used threads.
    """
    search = services.index.search
    done = 0
    cpu = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        search(queries[done % len(queries)])
        done += 1
    wall = time.perf_counter() - start
    return {"qps": done / wall, "queries": done, "cpu": (time.process_time() - cpu) / wall}
