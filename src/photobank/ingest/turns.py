"""One ingest run at a time over a catalog, whichever process or node runs it.

A run reads what the catalog knows (sources by path and by hash), then
allocates ids above the highest stored: two runs at once would both take a
changed file for new, or hand out the same ids. On PostgreSQL (every node of
a distributed deployment, and ``photobank ingest`` on any host) a run holds a
session advisory lock, which PostgreSQL drops with a connection that dies; on
SQLite (one server's worker processes) an ``flock`` on a file of the data
directory, which the kernel drops with a process that dies. A run waits for
the one before to end.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from photobank.store.engine import CONNECT_TIMEOUT

LOCK_FILE = "ingest.lock"  # under the data directory's shared/
_LOCK_KEY = 0x70686F746F696E67  # ingest's advisory lock (b"photoing")


@contextmanager
def ingest_turn(engine: Engine, data_dir: Path) -> Iterator[None]:
    """Hold the catalog's ingest lock for the block, once the run holding it ends."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine):
            yield
    else:
        with _file_lock(data_dir / "shared" / LOCK_FILE):
            yield


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[None]:
    # A connection of its own, not the pool's: the run's writes need those (a pool of
    # one would wait forever). Autocommit: a session lock needs no transaction, and one
    # left open for the run would hold back vacuum (or trip an idle-in-transaction timeout).
    own = create_engine(
        engine.url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
    )
    with own.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
            except DBAPIError:
                conn.invalidate()  # closed, the connection drops its locks


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # per open file: threads of one process wait too
        yield
    finally:
        os.close(fd)
