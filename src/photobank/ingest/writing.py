"""The locks asset writers hold while they save, whichever thread, process or node runs them.

A save stores its originals (noted in ``pending_originals``) before its rows
commit. Every save holds the *writing* lock, shared, from before it notes
them until its commit; a writer recovers what a killed one left (originals no
row names) only under that lock's exclusive form, taken with a try that does
not wait: while another save is under way, recovery is skipped and tried at
the next save. A save that adds assets also holds the *ids* lock, exclusive,
from reading the id counter until its commit, so two writers never hand out
one id; a save that changes stored assets alone (an operator's edit) never
waits for it. A save that adds reference rows (keywords, people, collections,
locations, events) holds the *reference* lock, exclusive, only from reading
them afresh until its commit: a short wait, never a whole batch.

On PostgreSQL (every node of a distributed deployment) all three are session
advisory locks on connections apart from the store's pool, kept for the next
save (two a process; a save that finds them taken opens another for itself),
which PostgreSQL drops with a connection that dies; on SQLite ``flock`` on
three files beside the database (``photobank.db.writing.lock``, ``.ids.lock``,
``.reference.lock``), which the kernel drops with a process that dies.
``python -m bench.writer_locks`` measures what they cost a save.
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from photobank.store.engine import CONNECT_TIMEOUT

_WRITING_KEY = 0x70686F746F777269  # b"photowri"
_IDS_KEY = 0x70686F746F696473  # b"photoids"
_REFERENCE_KEY = 0x70686F746F726566  # b"photoref"


class WriterLocks(Protocol):
    def saving(
        self, adding: bool, recover: Callable[[], None] | None
    ) -> AbstractContextManager[bool]:
        """Hold the locks of a save for the block (the ids lock too when ``adding``),
        having run ``recover`` first if no other save is under way; whether it ran."""
        ...

    def adding_reference(self) -> AbstractContextManager[None]:
        """Hold the reference lock for the block (within :meth:`saving`): one save at a
        time reads the reference rows afresh and commits the ones it adds."""
        ...


def writer_locks(engine: Engine) -> WriterLocks:
    """The locks of the writers of ``engine``'s store (one object per engine)."""
    locks = _LOCKS.get(engine)
    if locks is None:
        database = engine.url.database
        if engine.dialect.name == "postgresql":
            locks = _AdvisoryLocks(engine)
        elif engine.dialect.name == "sqlite" and database and database != ":memory:":
            locks = _FileLocks(Path(database))
        else:  # a store no other process opens
            locks = _ProcessLock()
        _LOCKS[engine] = locks
    return locks


_LOCKS: weakref.WeakKeyDictionary[Engine, WriterLocks] = weakref.WeakKeyDictionary()


def own_engine(engine: Engine, **pooled: Any) -> Engine:
    """An engine of autocommit connections to ``engine``'s PostgreSQL store for session
    advisory locks, unpooled unless ``pooled`` says how: not the pool's connections, which
    the locked block's writes need (holding one while waiting for another could wait
    forever); no transaction, which a lock does not need (one left open would hold back
    vacuum); a connection closed drops its locks."""
    return create_engine(
        engine.url,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
        **(pooled or {"poolclass": NullPool}),
    )


class _AdvisoryLocks:
    def __init__(self, engine: Engine) -> None:
        # Lock connections are kept for the next save (opening one costs more than the
        # save's commit): two stay (a save's, and its reference lock's), a save that finds
        # them taken opens another for itself.
        self._own = own_engine(engine, pool_size=2, max_overflow=-1, pool_pre_ping=True)
        # Closed with the store's engine, or when dropped (psycopg warns of a lost one).
        event.listen(engine, "engine_disposed", _disposing(self._own))
        weakref.finalize(self._own, self._own.pool.dispose)

    @contextmanager
    def saving(self, adding: bool, recover: Callable[[], None] | None) -> Iterator[bool]:
        with self._own.connect() as conn:
            try:
                recovered = False
                if recover is not None and _locked(conn, "pg_try_advisory_lock", _WRITING_KEY):
                    recover()
                    recovered = _locked(conn, "pg_advisory_unlock", _WRITING_KEY)
                if adding:
                    _locked(conn, "pg_advisory_lock", _IDS_KEY)
                _locked(conn, "pg_advisory_lock_shared", _WRITING_KEY)
                yield recovered
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock_all()"))
                except DBAPIError:
                    conn.invalidate()  # closed, the connection drops its locks

    @contextmanager
    def adding_reference(self) -> Iterator[None]:
        with self._own.connect() as conn:
            try:
                _locked(conn, "pg_advisory_lock", _REFERENCE_KEY)
                yield
            finally:
                try:
                    _locked(conn, "pg_advisory_unlock", _REFERENCE_KEY)
                except DBAPIError:
                    conn.invalidate()


def _disposing(own: Engine) -> Callable[[Engine], None]:
    return lambda _engine: own.dispose()


def _locked(conn: Connection, function: str, key: int) -> bool:
    return conn.execute(text(f"SELECT {function}(:key)"), {"key": key}).scalar() is not False


class _FileLocks:
    def __init__(self, database: Path) -> None:
        self._writing = database.with_name(database.name + ".writing.lock")
        self._ids = database.with_name(database.name + ".ids.lock")
        self._reference = database.with_name(database.name + ".reference.lock")

    @contextmanager
    def saving(self, adding: bool, recover: Callable[[], None] | None) -> Iterator[bool]:
        # flock is per open file: each save opens its own, so threads exclude each other too.
        with ExitStack() as held:
            writing = held.enter_context(_opened(self._writing))
            recovered = False
            if recover is not None and try_exclusive(writing):
                recover()
                fcntl.flock(writing, fcntl.LOCK_UN)  # never held while waiting for the ids
                recovered = True
            if adding:
                fcntl.flock(held.enter_context(_opened(self._ids)), fcntl.LOCK_EX)
            fcntl.flock(writing, fcntl.LOCK_SH)
            yield recovered

    @contextmanager
    def adding_reference(self) -> Iterator[None]:
        with _opened(self._reference) as fd:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield


@contextmanager
def _opened(path: Path) -> Iterator[int]:
    """A descriptor of ``path``, closed (its lock dropped) after the block."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        yield fd
    finally:
        os.close(fd)


def try_exclusive(fd: int) -> bool:
    """Whether ``fd``'s file is now locked exclusively (flock), without waiting."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class _ProcessLock:
    """One save at a time, recovery included: a store only this process opens."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @contextmanager
    def saving(self, adding: bool, recover: Callable[[], None] | None) -> Iterator[bool]:
        with self._lock:
            if recover is not None:
                recover()
            yield recover is not None

    def adding_reference(self) -> AbstractContextManager[None]:
        return nullcontext()  # saves already take turns
