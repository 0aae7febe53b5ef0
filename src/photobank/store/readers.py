"""One plain SQLite connection per thread for the hottest reads (assets by id).

Checking a connection out of SQLAlchemy's pool and back in costs more than
reading an asset row; a thread's own DB-API connection is always ready. Each
statement runs in its own read transaction (WAL), so it sees every commit made
before it, like a pooled connection would. Only SQLite files qualify; other
databases keep using the engine.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Engine, event


class ThreadReaders:
    """Read-only connections to one SQLite file, one per thread, closed with the engine."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._generation = 0

    @classmethod
    def for_engine(cls, engine: Engine) -> ThreadReaders | None:
        """Readers of ``engine``'s database file, or None when it is no SQLite file."""
        url = engine.url
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        if url.query:  # e.g. ?mode=memory&cache=shared, or a URI file name
            return None
        readers = cls(url.database)
        event.listen(engine, "engine_disposed", lambda _engine: readers.close())
        return readers

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use (again after :meth:`close`)."""
        local = self._local
        if getattr(local, "generation", -1) == self._generation:
            found: sqlite3.Connection = local.connection
            return found
        connection = sqlite3.connect(self._path, timeout=5.0, check_same_thread=False)
        connection.execute("PRAGMA query_only = ON")
        with self._lock:
            self._opened.append(connection)
            local.connection, local.generation = connection, self._generation
        return connection

    def close(self) -> None:
        """Close every thread's connection; threads open new ones if they read again."""
        with self._lock:
            self._generation += 1
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()
