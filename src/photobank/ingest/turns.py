"""One ingest run at a time over a catalog, whichever process or node runs it.

A run reads what the catalog knows (sources by path and by hash), then
allocates ids above the highest stored: two runs at once would both take a
changed file for new, or hand out the same ids. On PostgreSQL (every node of
a distributed deployment, and ``photobank ingest`` on any host) a run holds a
session advisory lock, which PostgreSQL drops with a connection that dies; on
SQLite (one server's worker processes) an ``flock`` on a file of the data
directory, which the kernel drops with a process that dies. A run waits for
the one before to end, as long as it takes (``photobank ingest``, which says
once that it waits) or a bounded time (an upload: then :class:`IngestBusy`,
nothing written).
"""

from __future__ import annotations

import fcntl
import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from photobank.errors import Unavailable
from photobank.ingest.writing import own_engine, try_exclusive

LOCK_FILE = "ingest.lock"  # under the data directory's shared/
_LOCK_KEY = 0x70686F746F696E67  # ingest's advisory lock (b"photoing")
_POLL = 0.05  # seconds between two tries of a bounded wait for the file lock
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's lock_timeout ran out

Waiting = Callable[[], object]


class IngestBusy(Unavailable):
    """Another ingest run held the catalog's turn for longer than the caller would wait."""

    code = "IngestInProgress"

    def __init__(self, waited: float) -> None:
        super().__init__(
            "Another ingest run over this catalog is under way; nothing was written."
            " Try again when it has ended."
        )
        self.retry_after = max(5, math.ceil(waited))


@contextmanager
def ingest_turn(
    engine: Engine, data_dir: Path, wait: float | None = None, waiting: Waiting = lambda: None
) -> Iterator[None]:
    """Hold the catalog's ingest lock for the block, once the run holding it ends;
    ``waiting`` is called once if another holds it; ``wait``: seconds to wait at most
    (None: as long as it takes), after which :class:`IngestBusy` is raised."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, wait, waiting):
            yield
    else:
        with _file_lock(data_dir / "shared" / LOCK_FILE, wait, waiting):
            yield


@contextmanager
def _advisory_lock(engine: Engine, wait: float | None, waiting: Waiting) -> Iterator[None]:
    with own_engine(engine).connect() as conn:
        _take_advisory_lock(conn, wait, waiting)
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
            except DBAPIError:
                conn.invalidate()  # closed, the connection drops its locks


def _take_advisory_lock(conn: Connection, wait: float | None, waiting: Waiting) -> None:
    key = {"key": _LOCK_KEY}
    if conn.execute(text("SELECT pg_try_advisory_lock(:key)"), key).scalar():
        return
    waiting()
    if wait is not None:
        if wait <= 0:
            raise IngestBusy(wait)
        conn.execute(text(f"SET lock_timeout = {max(1, round(wait * 1000))}"))
    try:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), key)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            raise IngestBusy(wait or 0) from None
        raise


@contextmanager
def _file_lock(path: Path, wait: float | None, waiting: Waiting) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        # Per open file: threads of one process wait too.
        if not try_exclusive(fd):
            waiting()
            if wait is None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            else:
                _wait_for(fd, time.monotonic() + wait, wait)
        yield
    finally:
        os.close(fd)


def _wait_for(fd: int, deadline: float, wait: float) -> None:
    while not try_exclusive(fd):
        if time.monotonic() >= deadline:
            raise IngestBusy(wait)
        time.sleep(_POLL)
