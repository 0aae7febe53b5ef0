"""Prometheus metrics at ``/metrics``: requests by route and status, latency, throttled
requests and the bytes held by the answer caches.

With several workers, ``PROMETHEUS_MULTIPROC_DIR`` is set by the parent
before it forks (see :mod:`photobank.tls.worker_app`): each worker writes its
values to memory-mapped files there and a scrape, answered by any worker,
adds them all up. :meth:`Metrics.request_counts` reads the same sums for
pages that chart traffic (the web console).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_UNROUTED = 256  # distinct paths answered without a route (replays, legacy calls) named
_GAUGE_EVERY = 1.0  # seconds between readings of the cache sizes
_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)


class Metrics:
    """This process's metric objects, and the registry a scrape reads."""

    def __init__(self) -> None:
        self._shared = bool(os.environ.get(MULTIPROC_ENV))
        if self._shared:
            # The value class is chosen when prometheus_client is imported; the
            # parent may have imported it before it set the directory.
            values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]
        self._own = CollectorRegistry()
        self.requests = Counter(
            "photobank_requests",
            "Requests answered, by route template and status.",
            ["route", "status"],
            registry=self._own,
        )
        self.latency = Histogram(
            "photobank_request_seconds",
            "Seconds from a request to its last byte, by route template.",
            ["route"],
            buckets=_BUCKETS,
            registry=self._own,
        )
        self.throttled = Counter(
            "photobank_throttled_requests",
            "Requests refused for a client's per-second or daily limit.",
            ["limit"],
            registry=self._own,
        )
        self.cache_bytes = Gauge(
            "photobank_cache_bytes",
            "Bytes held by the answer caches (all live workers).",
            ["cache"],
            registry=self._own,
            multiprocess_mode="livesum",
        )
        self._caches: Mapping[str, Callable[[], int]] = {}
        self._measured = 0.0
        self._paths: set[str] = set()
        # (route, status) -> its counter and histogram; as bounded as the routes named
        self._children: dict[tuple[str, int], tuple[Any, Any]] = {}

    def watch_caches(self, caches: Mapping[str, Callable[[], int]]) -> None:
        """``caches``: name -> the bytes it holds now (read at most once a second)."""
        self._caches = caches

    def throttled_one(self, limit: str) -> None:
        """Count a request refused for ``limit`` (``qps`` or ``daily``)."""
        self.throttled.labels(limit).inc()

    def registry(self) -> CollectorRegistry:
        """What a scrape reads: every worker's values, or this process's."""
        if not self._shared:
            return self._own
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry

    def request_counts(self) -> dict[tuple[str, str], float]:
        """Requests answered so far by (route, status), over all workers."""
        counts: dict[tuple[str, str], float] = {}
        for family in self.registry().collect():
            if family.name != "photobank_requests":
                continue
            for sample in family.samples:
                if sample.name.endswith("_total"):
                    key = (sample.labels["route"], sample.labels["status"])
                    counts[key] = counts.get(key, 0.0) + sample.value
        return counts

    def __call__(self, scope: Scope, status: int, seconds: float) -> None:
        """Count one answered request (an observer of :class:`~photobank.ops.observed.Observed`)."""
        key = (self._route(scope, status), status)
        children = self._children.get(key)
        if children is None:  # labels() validates and locks: look each pair up once
            route = key[0]
            children = self._children[key] = (
                self.requests.labels(route, str(status)),
                self.latency.labels(route),
            )
        children[0].inc()
        children[1].observe(seconds)
        now = time.monotonic()
        if now - self._measured > _GAUGE_EVERY:
            self._measured = now
            for name, weight in self._caches.items():
                self.cache_bytes.labels(name).set(weight())

    def _route(self, scope: Scope, status: int) -> str:
        """The route's template; a path answered without routing while few are named."""
        route = scope.get("route")
        template = getattr(route, "path", None)
        if isinstance(template, str):
            return template
        path: str = scope["path"]
        if path in self._paths:
            return path
        if status < 400 and len(self._paths) < _UNROUTED:
            self._paths.add(path)
            return path
        return "other"


def metrics_endpoint(metrics: Metrics) -> Callable[[Request], Response]:
    def scrape(_request: Request) -> Response:
        return Response(generate_latest(metrics.registry()), media_type=CONTENT_TYPE_LATEST)

    return scrape
