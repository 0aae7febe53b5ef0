"""Per-client request limits: queries per second and queries per UTC day.

Getty's gateway refuses a client over either limit (403 with "Account Over
Queries Per Second Limit" or "Account Over Rate Limit"). Time comes from the
injected clock. The per-second limit slides: a client at 10 QPS gets at most
10 requests in any second, not 10 at the end of one second and 10 more at the
start of the next. The daily limit counts the UTC day. Counting lives behind
:class:`ThrottleStore` so that several server nodes can share counters (e.g.
in Redis); :class:`MemoryThrottleStore` serves one process,
:class:`photobank.state.counters.FileThrottleStore` the workers of one server.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC
from functools import partial
from typing import Protocol

from photobank import errors
from photobank.accounts.models import ApiClient
from photobank.auth.daily_ledger import DailyLedger
from photobank.clock import Clock

OVER_QPS = "Account Over Queries Per Second Limit"
OVER_DAILY = "Account Over Rate Limit"


@dataclass(frozen=True, slots=True)
class Window:
    """One counter: ``key`` names it, ``period`` names the current window of time.

    ``seconds`` is how long the window lasts, so a shared store can let old
    counters expire.
    """

    key: str
    period: str
    limit: int
    seconds: int


@dataclass(frozen=True, slots=True)
class Sliding:
    """At most ``limit`` requests under ``key`` in any ``seconds``; this one comes ``at``
    (seconds since the epoch)."""

    key: str
    limit: int
    seconds: float
    at: float


class ThrottleStore(Protocol):
    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        """Atomically count one request in every window unless one is full.

        Returns the index of the first full window (and counts nothing), or
        ``None`` when the request was counted everywhere.
        """
        ...

    def put(self, window: Window, count: int) -> None:
        """Set the count of ``window`` (the emulator reaches edge states this way)."""
        ...

    def count(self, window: Window) -> int:
        """How many requests ``window`` holds now."""
        ...

    def clear(self) -> None:
        """Forget every counter."""
        ...


Acquire = Callable[[Sequence[Window | Sliding]], int | None]


class MemoryThrottleStore:
    """Counters in this process: one (period, count) pair per fixed window, and the
    times of the last ``limit`` requests per sliding one, so memory stays flat."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[str, int]] = {}
        self._recent: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        with self._lock:
            counts = []
            for index, window in enumerate(windows):
                if isinstance(window, Sliding):
                    recent = self._recent.get(window.key)
                    full = recent is not None and len(recent) >= window.limit
                    if full and recent and window.at - recent[0] < window.seconds:
                        return index
                    counts.append(0)
                    continue
                period, count = self._counts.get(window.key, (window.period, 0))
                count = count if period == window.period else 0
                if count >= window.limit:
                    return index
                counts.append(count)
            for window, count in zip(windows, counts, strict=True):
                if isinstance(window, Sliding):
                    self._remember(window)
                else:
                    self._counts[window.key] = (window.period, count + 1)
        return None

    def _remember(self, window: Sliding) -> None:
        recent = self._recent.get(window.key)
        if recent is None or recent.maxlen != window.limit:  # new, or its limit changed
            recent = self._recent[window.key] = deque(recent or (), maxlen=window.limit)
        recent.append(window.at)

    def put(self, window: Window, count: int) -> None:
        with self._lock:
            self._counts[window.key] = (window.period, count)

    def count(self, window: Window) -> int:
        period, count = self._counts.get(window.key, (window.period, 0))
        return count if period == window.period else 0

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
            self._recent.clear()


class Throttle:
    def __init__(
        self, clock: Clock, store: ThrottleStore | None = None, ledger: DailyLedger | None = None
    ) -> None:
        """``ledger``: where daily counts outlive the process (none: they do not)."""
        self._clock = clock
        self._store = store or MemoryThrottleStore()
        self._ledger = ledger
        self._day_read = ""  # the UTC day whose counts were read back from the ledger
        self._reading = threading.Lock()
        self._refusal_watchers: list[Callable[[str], object]] = []

    def on_refusal(self, watcher: Callable[[str], object]) -> None:
        """Tell ``watcher`` the limit's name (``qps``, ``daily``) of every refused request."""
        self._refusal_watchers.append(watcher)

    def check(self, client: ApiClient, through: Acquire | None = None) -> None:
        """Count one request of ``client``, or raise :class:`errors.Throttled` if over a limit.

        A limit of 0 means unlimited. A refused request is not counted, so a
        client hammering past its per-second limit does not spend its daily quota.
        ``through``: what counts instead of the store's ``acquire``, called even
        with no windows (a checkpoint that also catches the process up).
        """
        windows = self._windows(client)
        if not windows and through is None:
            return
        daily = next((w for w, limit, _ in windows if limit == "daily"), None)
        if isinstance(daily, Window) and self._ledger is not None:
            self._read_back(daily.period)
        full = (through or self._store.acquire)([window for window, _, _ in windows])
        if full is not None:
            _, limit, message = windows[full]
            for watcher in self._refusal_watchers:
                watcher(limit)
            raise errors.Throttled(limit, message)
        if isinstance(daily, Window) and self._ledger is not None:
            self._ledger.note(client.id, daily.period, partial(self._store.count, daily))

    def set_daily_usage(self, client: ApiClient, used: int) -> None:
        """Count ``used`` requests of ``client`` in the current UTC day."""
        for window, limit, _ in self._windows(client):
            if isinstance(window, Window) and limit == "daily":
                self._store.put(window, used)
                if self._ledger is not None:
                    self._ledger.note(client.id, window.period, used)

    def reset(self) -> None:
        """Forget every count: all clients start a fresh second and day."""
        self._store.clear()
        if self._ledger is not None:
            self._ledger.forget()

    def close(self) -> None:
        """Write the daily counts not yet written."""
        if self._ledger is not None:
            self._ledger.close()

    def _read_back(self, day: str) -> None:
        """Once a day (and at start), take the day's counts the ledger kept."""
        if day == self._day_read or self._ledger is None:
            return
        with self._reading:
            if day == self._day_read:
                return
            for client_id, count in self._ledger.counts(day).items():
                window = Window(f"{client_id}:daily", day, 0, 86_400)
                self._store.put(window, max(count, self._store.count(window)))
            self._day_read = day

    def _windows(self, client: ApiClient) -> list[tuple[Window | Sliding, str, str]]:
        """The windows ``client``'s limits count in now, with limit name and refusal text."""
        now = self._clock.now().astimezone(UTC)
        windows: list[tuple[Window | Sliding, str, str]] = []
        if client.qps_limit > 0:
            second = Sliding(f"{client.id}:qps", client.qps_limit, 1.0, now.timestamp())
            windows.append((second, "qps", OVER_QPS))
        if client.daily_limit > 0:
            day = now.date().isoformat()
            window = Window(f"{client.id}:daily", day, client.daily_limit, 86_400)
            windows.append((window, "daily", OVER_DAILY))
        return windows
