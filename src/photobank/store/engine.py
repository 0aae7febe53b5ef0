"""Engine creation: SQLite in WAL mode as the embedded default, PostgreSQL for many nodes.

PostgreSQL connections come from SQLAlchemy's own ``QueuePool`` over psycopg 3,
not psycopg_pool: the store speaks SQLAlchemy Core, whose pool already lends,
resets and closes connections (``Engine.dispose``); a second pool underneath
would only add a layer. The pool holds at most ``pool_size`` connections per
process (no overflow), so an operator sizes PostgreSQL's ``max_connections`` as
nodes * workers * pool size.

A database restart must not turn into failed requests. A pooled session that
PostgreSQL ended (a restart, an operator's ``pg_terminate_backend``) has said so
on its socket, which PostgreSQL closes after its last message; the pool looks
before lending it (:func:`_drop_ended_session`, one ``poll`` of the socket, not
the round trip of ``pool_pre_ping``, which cost about 8 % of a node's time per
search) and replaces it and every session opened before it. A session cut while
a request uses it is the store not answering: a 503, never a 500.
"""

from __future__ import annotations

import select
import weakref
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, ExceptionContext, create_engine, event
from sqlalchemy.exc import DataError, InvalidatePoolError

from photobank.errors import InvalidParameter, Unavailable

CONNECT_TIMEOUT = 5  # seconds: an unreachable database is reported, not waited on
POOL_TIMEOUT = 30  # seconds a request waits for a pooled connection before failing

# Every PostgreSQL session: times in UTC whatever the server's TimeZone (answers print
# them as such); no JIT (compiling the plan of a count over a large table costs more
# than it saves) and no parallel workers (starting them costs more than a request's
# query gains; the other requests want the cores).
_SESSION = "SET TIME ZONE 'UTC'; SET jit = off; SET max_parallel_workers_per_gather = 0"


class StoreUnavailable(Unavailable):
    """The record store stopped answering while a request used it (a restart): a 503."""

    code = "StoreUnavailable"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _session_settings(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute(_SESSION)
    dbapi_connection.commit()


def _drop_ended_session(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled session PostgreSQL ended: the pool replaces it, and every pooled
    session opened before it (a restart ended them all)."""
    if _ended(dbapi_connection):
        raise InvalidatePoolError("the database ended this pooled session")


def _ended(dbapi_connection: Any) -> bool:
    """Whether the session is over: psycopg saw it break, or its socket, which holds
    nothing between two queries of a live session, has something to read (the server's
    last error and the end of the stream)."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    watch = select.poll()
    watch.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
    return bool(watch.poll(0))


def reading(engine: Engine) -> Connection:
    """A connection for reads alone. On PostgreSQL its statements run outside a
    transaction (autocommit): no ``BEGIN`` before the first and no ``ROLLBACK`` when it
    goes back to the pool, two of the three round trips of a one-query read (measured:
    a third of PostgreSQL's CPU for such a read). Each statement sees every commit made
    before it, as it would in a READ COMMITTED transaction. The driver's own switch is
    set, not SQLAlchemy's ``isolation_level`` option, whose bookkeeping costs about as
    much CPU as the round trips save; the pool turns it off on return."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        driver: Any = conn.connection.dbapi_connection
        driver.autocommit = True
    return conn


def _end_autocommit(dbapi_connection: Any, _record: Any) -> None:
    """A connection lent by :func:`reading` is back: in transactions again, as others are."""
    driver = dbapi_connection
    if driver is not None and driver.autocommit and not (driver.closed or driver.broken):
        driver.autocommit = False


# PostgreSQL text cannot hold NUL, which SQLite stores and compares. A lookup by a
# value with one finds nothing, as on SQLite: NUL becomes U+FFFE, a noncharacter
# no stored text holds. Storing one is the caller's bad input, never a 500.
_NUL, _NOTHING = "\x00", "\ufffe"


def _nul_finds_nothing(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    looked_up = statement.lstrip()[:6].upper() == "SELECT" and isinstance(parameters, dict)
    if looked_up and any(isinstance(v, str) and _NUL in v for v in parameters.values()):
        parameters = {
            k: v.replace(_NUL, _NOTHING) if isinstance(v, str) else v for k, v in parameters.items()
        }
    return statement, parameters


def _refuse_nul(context: ExceptionContext) -> None:
    problem = context.sqlalchemy_exception
    if isinstance(problem, DataError) and "NUL (0x00)" in str(context.original_exception):
        raise InvalidParameter("text", "Text cannot contain a NUL (0x00) character.")


def _cut_session_is_unavailable(context: ExceptionContext) -> None:
    """A session cut under a statement: the pool has already been told (SQLAlchemy drops
    every session opened before), the caller gets a 503 naming the store."""
    if context.is_disconnect and context.connection is not None:
        raise StoreUnavailable(
            "The record store stopped answering (was PostgreSQL restarted?); try again."
        )


def make_engine(url: str, pool_size: int = 10, pool_timeout: float = POOL_TIMEOUT) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout,
    PostgreSQL a pool of ``pool_size`` connections whose sessions are checked before
    each use (a caller waits ``pool_timeout`` seconds at most for one)."""
    json = {"json_serializer": _dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **json)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=pool_timeout,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
            **json,
        )
        # An engine dropped without dispose() still ends its sessions, rather than
        # leaving them to the garbage collector (psycopg warns) and PostgreSQL's limit.
        weakref.finalize(engine, engine.pool.dispose)
        event.listen(engine, "connect", _session_settings)
        event.listen(engine, "checkout", _drop_ended_session)
        event.listen(engine, "checkin", _end_autocommit)
        event.listen(engine, "before_cursor_execute", _nul_finds_nothing, retval=True)
        event.listen(engine, "handle_error", _refuse_nul)
        event.listen(engine, "handle_error", _cut_session_is_unavailable)
        return engine
    return create_engine(url, pool_pre_ping=True, **json)


def _dumps(value: Any) -> str:
    """JSON columns go through orjson: asset reads decode a dozen per row."""
    return orjson.dumps(value).decode()
