"""Daily request counts kept in the store, so a restart does not hand out a fresh quota.

The throttle counts in memory on the hot path; the counts a request changed
are read (from a shared store, off the request's path) and written here at
most a second later by one background thread, and when the server stops. A
server killed outright forgets at most that last second of counting. At start
the current UTC day's counts are read back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from sqlalchemy import Engine, delete, insert, select

from photobank.errors import DomainError
from photobank.store import tables as t

_INTERVAL = 1.0  # seconds between writes of the counts that changed


class DailyLedger:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._dirty: dict[tuple[int, str], int | Callable[[], int]] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def counts(self, day: str) -> dict[int, int]:
        """Each client's count on ``day`` (``YYYY-MM-DD``, UTC), as last written."""
        table = t.daily_usage
        query = select(table.c.client_id, table.c.count).where(table.c.day == day)
        with self._engine.connect() as conn:
            return {int(client): int(count) for client, count in conn.execute(query)}

    def note(self, client_id: int, day: str, count: int | Callable[[], int]) -> None:
        """Remember a client's new count, to be written within a second; or how to read
        it then, off the request's path (a shared store's count is a round trip)."""
        with self._lock:
            self._dirty[(client_id, day)] = count
            if self._thread is None and not self._stopped:
                self._thread = threading.Thread(target=self._run, name="daily-ledger", daemon=True)
                self._thread.start()

    def forget(self) -> None:
        """Drop every count, written or not (an emulator reset)."""
        with self._lock:
            self._dirty.clear()
            with self._engine.begin() as conn:
                conn.execute(delete(t.daily_usage))

    def flush(self) -> None:
        with self._lock:
            dirty, self._dirty = self._dirty, {}
        counts = {}
        for key, count in dirty.items():
            try:
                counts[key] = count() if callable(count) else count
            except DomainError:  # the shared store does not answer: on the next flush
                with self._lock:
                    self._dirty.setdefault(key, count)
        if counts:
            _write(self._engine, counts)

    def close(self) -> None:
        """Write what is pending and stop the writer."""
        self._stopped = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.flush()

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(_INTERVAL)
            self.flush()


def _write(engine: Engine, counts: Mapping[tuple[int, str], int]) -> None:
    """Replace the rows of ``counts`` (a delete and an insert: the same on every store)."""
    table = t.daily_usage
    rows = [{"client_id": c, "day": d, "count": n} for (c, d), n in counts.items()]
    with engine.begin() as conn:
        for day in {d for _, d in counts}:
            clients = [c for c, d in counts if d == day]
            conn.execute(delete(table).where(table.c.day == day, table.c.client_id.in_(clients)))
        conn.execute(insert(table), rows)
