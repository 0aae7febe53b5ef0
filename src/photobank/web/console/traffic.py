"""Traffic over the last hour, per minute and per route, for the console's charts.

:class:`TrafficMiddleware` hands each answered request (its route, status,
time taken, and whether it was throttled) to :class:`Traffic`, which keeps one
cell per (minute, route): a count, a throttled count and a histogram of
durations in :data:`EDGES` (log-spaced, 0.1 ms to 19 s), from which p50 and p99
are read to within a bucket. Memory is bounded by construction: at most
:data:`MINUTES` minutes times :data:`MAX_ROUTES` routes (plus ``(other)``, where
routes past the cap are counted) cells of :data:`CELL_BYTES`, under 1 MiB in all.
Routes are route templates (``/v3/images/{id}``). Counts are this process's
own, in wall-clock minutes; the console's pages are not counted.
"""

from __future__ import annotations

import bisect
import re
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MINUTES = 60
MAX_ROUTES = 64
OTHER = "(other)"
EDGES = tuple(0.0001 * 1.5**i for i in range(31))  # seconds: 0.1 ms to 19 s, then one more
_SLOTS = len(EDGES) + 3  # buckets (one past the last edge), count, throttled
CELL_BYTES = 64 + 4 * _SLOTS + 8  # an array of unsigned ints and its dict slot
_THROTTLED = (b"ERR_403_DEVELOPER_OVER_QPS", b"ERR_403_DEVELOPER_OVER_RATE")
_DEPTH = 4  # path segments kept; deeper paths are folded into their first four
# An id: a segment with three digits or more (not "v3"), or a long one.
_ID = re.compile(r"(?<=/)(?:(?=(?:[^/]*\d){3})[^/]+|[^/]{41,})")


@dataclass(frozen=True, slots=True)
class RouteFigures:
    route: str
    requests: int
    throttled: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class Minute:
    start: int  # POSIX minute
    requests: int
    throttled: int


class Traffic:
    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._minutes: dict[int, dict[str, array[int]]] = {}
        self._routes: set[str] = set()

    def record(self, route: str, seconds: float, throttled: bool) -> None:
        """Count one answered request of ``route`` (see :func:`route_of`)."""
        minute = int(self._now() // 60)
        cells = self._minutes.get(minute)
        if cells is None:
            cells = self._minutes[minute] = {}
            self._forget_before(minute - MINUTES + 1)
        if route not in self._routes:
            if len(self._routes) >= MAX_ROUTES:
                route = OTHER
            self._routes.add(route)
        cell = cells.get(route)
        if cell is None:
            cell = cells[route] = array("I", bytes(4 * _SLOTS))
        cell[bisect.bisect_left(EDGES, seconds)] += 1
        cell[-2] += 1
        cell[-1] += throttled

    def _forget_before(self, oldest: int) -> None:
        for minute in [m for m in self._minutes if m < oldest]:
            del self._minutes[minute]
        self._routes = {route for cells in self._minutes.values() for route in cells}

    @property
    def weight(self) -> int:
        """Bytes the cells weigh (at most ``MINUTES * (MAX_ROUTES + 1) * CELL_BYTES``)."""
        return sum(len(cells) for cells in self._minutes.values()) * CELL_BYTES

    def minutes(self) -> list[Minute]:
        """The last hour, a minute at a time, oldest first (quiet minutes as zeros)."""
        last = int(self._now() // 60)
        out = []
        for minute in range(last - MINUTES + 1, last + 1):
            cells = self._minutes.get(minute, {}).values()
            out.append(Minute(minute, sum(c[-2] for c in cells), sum(c[-1] for c in cells)))
        return out

    def routes(self) -> list[RouteFigures]:
        """Each route's requests, throttled requests, p50 and p99 over the last hour,
        busiest first."""
        oldest = int(self._now() // 60) - MINUTES + 1
        totals: dict[str, array[int]] = {}
        for minute, cells in self._minutes.items():
            if minute < oldest:
                continue
            for route, cell in cells.items():
                total = totals.setdefault(route, array("I", bytes(4 * _SLOTS)))
                for i, value in enumerate(cell):
                    total[i] += value
        figures = [
            RouteFigures(route, t[-2], t[-1], _quantile(t, 0.5), _quantile(t, 0.99))
            for route, t in totals.items()
        ]
        return sorted(figures, key=lambda f: (-f.requests, f.route))


def _quantile(cell: array[int], q: float) -> float:
    """The upper edge (ms) of the bucket holding the ``q`` quantile."""
    wanted, seen = q * cell[-2], 0
    for i, count in enumerate(cell[:-2]):
        seen += count
        if count and seen >= wanted:
            edge = EDGES[i] if i < len(EDGES) else EDGES[-1] * 1.5
            return round(edge * 1000, 2)
    return 0.0


def route_of(scope: Scope) -> str:
    """The template of the route that answered (``/v3/images/{id}``); for a request
    answered before routing (replays, the legacy gateway), its first four path
    segments with ids folded: a segment holding three digits becomes ``{id}``."""
    template = getattr(scope.get("route"), "path", None)
    if isinstance(template, str):
        return template
    return _ID.sub("{id}", "/".join(scope["path"].split("/", _DEPTH + 1)[: _DEPTH + 1]))


def _over_limit(start: Message) -> bool:
    """Whether a 403 is Getty's refusal of a client over its QPS or daily limit."""
    code = dict(start.get("headers", ())).get(b"x-mashery-error-code", b"")
    return code in _THROTTLED


class TrafficMiddleware:
    """Time every HTTP request but the console's own, and hand it to ``traffic``."""

    def __init__(self, app: ASGIApp, traffic: Traffic, skip: str) -> None:
        self.app = app
        self.traffic = traffic
        self.skip = skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        throttled = False

        async def sending(message: Message) -> None:
            nonlocal throttled
            if message["type"] == "http.response.start":
                status = message["status"]
                throttled = status == 429 or (status == 403 and _over_limit(message))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self.traffic.record(route_of(scope), time.perf_counter() - started, throttled)
