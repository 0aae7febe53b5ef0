"""Traffic over the last hour, per minute and per route, for the console's charts.

:class:`Traffic` is an observer of :class:`~photobank.ops.observed.Observed`
(the middleware that times every request for ``/metrics``) and a watcher of the
throttle's refusals. It keeps one cell per (minute, route): a count and a
histogram of durations in :data:`EDGES` (log-spaced, 0.1 ms to 19 s), from
which p50 and p99 are read to within a bucket, and per minute the throttled
requests (API clients over a QPS or daily limit, and 429 answers). Memory is
bounded by construction: at most :data:`MINUTES` minutes times
:data:`MAX_ROUTES` routes (plus ``(other)``, where routes past the cap are
counted) cells of :data:`CELL_BYTES`, under 1 MiB in all. Routes are route
templates (``/v3/images/{id}``). Counts are this process's own, in wall-clock
minutes; the console's pages are not counted.
"""

from __future__ import annotations

import bisect
import re
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import Scope

MINUTES = 60
MAX_ROUTES = 64
OTHER = "(other)"
EDGES = tuple(0.0001 * 1.5**i for i in range(31))  # seconds: 0.1 ms to 19 s, then one more
_SLOTS = len(EDGES) + 2  # buckets (one past the last edge), then the count
CELL_BYTES = 64 + 4 * _SLOTS + 8  # an array of unsigned ints and its dict slot
_COUNT_BYTES = 100  # a minute's throttled count: two ints and a dict slot
_DEPTH = 4  # path segments kept; deeper paths are folded into their first four
# An id: a segment with three digits or more (not "v3"), or a long one.
_ID = re.compile(r"(?<=/)(?:(?=(?:[^/]*\d){3})[^/]+|[^/]{41,})")


@dataclass(frozen=True, slots=True)
class RouteFigures:
    route: str
    requests: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class Minute:
    start: int  # POSIX minute
    requests: int
    throttled: int


class Traffic:
    def __init__(self, skip: str, now: Callable[[], float] = time.time) -> None:
        """``skip``: the path prefix not counted (the console's own pages)."""
        self._skip = skip
        self._now = now
        self._minutes: dict[int, dict[str, array[int]]] = {}
        self._throttled: dict[int, int] = {}
        self._routes: set[str] = set()

    def __call__(self, scope: Scope, status: int, seconds: float) -> None:
        """Count one answered request (an :data:`~photobank.ops.observed.Observer`)."""
        if not scope["path"].startswith(self._skip):
            self.record(route_of(scope), seconds)
            if status == 429:  # a sign-in over its failure limit
                self.throttled_one("attempts")

    def throttled_one(self, _limit: str) -> None:
        """Count a request refused for a limit (a watcher of the throttle's refusals)."""
        minute = int(self._now() // 60)
        if minute not in self._throttled:
            self._forget_before(minute - MINUTES + 1)
        self._throttled[minute] = self._throttled.get(minute, 0) + 1

    def record(self, route: str, seconds: float) -> None:
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
        cell[-1] += 1

    def _forget_before(self, oldest: int) -> None:
        for minute in [m for m in self._minutes if m < oldest]:
            del self._minutes[minute]
        for minute in [m for m in self._throttled if m < oldest]:
            del self._throttled[minute]
        self._routes = {route for cells in self._minutes.values() for route in cells}

    @property
    def weight(self) -> int:
        """Bytes the cells weigh (at most ``MINUTES * (MAX_ROUTES + 1) * CELL_BYTES``),
        and the throttled counts a minute."""
        cells = sum(len(cells) for cells in self._minutes.values())
        return cells * CELL_BYTES + len(self._throttled) * _COUNT_BYTES

    def minutes(self) -> list[Minute]:
        """The last hour, a minute at a time, oldest first (quiet minutes as zeros)."""
        last = int(self._now() // 60)
        out = []
        for minute in range(last - MINUTES + 1, last + 1):
            cells = self._minutes.get(minute, {}).values()
            requests = sum(c[-1] for c in cells)
            out.append(Minute(minute, requests, self._throttled.get(minute, 0)))
        return out

    def routes(self) -> list[RouteFigures]:
        """Each route's requests, p50 and p99 over the last hour, busiest first."""
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
            RouteFigures(route, t[-1], _quantile(t, 0.5), _quantile(t, 0.99))
            for route, t in totals.items()
        ]
        return sorted(figures, key=lambda f: (-f.requests, f.route))


def _quantile(cell: array[int], q: float) -> float:
    """The upper edge (ms) of the bucket holding the ``q`` quantile."""
    wanted, seen = q * cell[-1], 0
    for i, count in enumerate(cell[:-1]):
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
