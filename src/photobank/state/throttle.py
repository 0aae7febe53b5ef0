"""Throttle counters every server process shares, in a small SQLite file (WAL).

Each request's check is one short write transaction (``BEGIN IMMEDIATE``):
count the client's requests in the sliding second and its fixed windows,
and record this one only when none is full. The transaction makes the check
exact across processes: the sum of all processes never passes a limit.
Memory and disk stay flat: a sliding window keeps at most ``limit`` rows per
client, a fixed one a single row. Redis (a sorted set per key and ``INCR``
in one ``MULTI``) can implement the same
:class:`~photobank.auth.throttle.ThrottleStore` for many machines.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from photobank.auth.throttle import Sliding, Window

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hits_by_key ON hits (key, at);
CREATE TABLE IF NOT EXISTS counts (
    key TEXT PRIMARY KEY, period TEXT NOT NULL, count INTEGER NOT NULL
);
"""
_BUSY_MS = 5000


class SqliteThrottleStore:
    """A :class:`~photobank.auth.throttle.ThrottleStore` in ``path``, one connection per thread."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._conn().executescript(_SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self._path, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            full = _first_full(conn, windows)
            if full is None:
                _count_one(conn, windows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return full

    def put(self, window: Window, count: int) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO counts (key, period, count) VALUES (?, ?, ?)",
            (window.key, window.period, count),
        )

    def count(self, window: Window) -> int:
        return _fixed_count(self._conn(), window)

    def clear(self) -> None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM hits")
        conn.execute("DELETE FROM counts")
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def _fixed_count(conn: sqlite3.Connection, window: Window) -> int:
    row = conn.execute("SELECT period, count FROM counts WHERE key = ?", (window.key,)).fetchone()
    return int(row[1]) if row is not None and row[0] == window.period else 0


def _first_full(conn: sqlite3.Connection, windows: Sequence[Window | Sliding]) -> int | None:
    for index, window in enumerate(windows):
        if isinstance(window, Sliding):
            (held,) = conn.execute(
                "SELECT count(*) FROM hits WHERE key = ? AND at > ?",
                (window.key, window.at - window.seconds),
            ).fetchone()
        else:
            held = _fixed_count(conn, window)
        if held >= window.limit:
            return index
    return None


def _count_one(conn: sqlite3.Connection, windows: Sequence[Window | Sliding]) -> None:
    for window in windows:
        if isinstance(window, Sliding):
            conn.execute(
                "DELETE FROM hits WHERE key = ? AND at <= ?",
                (window.key, window.at - window.seconds),
            )
            conn.execute("INSERT INTO hits (key, at) VALUES (?, ?)", (window.key, window.at))
        else:
            conn.execute(
                "INSERT INTO counts (key, period, count) VALUES (?, ?, 1) ON CONFLICT (key)"
                " DO UPDATE SET count = CASE WHEN period = excluded.period THEN count + 1"
                " ELSE 1 END, period = excluded.period",
                (window.key, window.period),
            )
