"""Engine creation: SQLite in WAL mode as the embedded default, PostgreSQL for many nodes.

PostgreSQL connections come from SQLAlchemy's own ``QueuePool`` over psycopg 3,
not psycopg_pool: the store speaks SQLAlchemy Core, whose pool already checks a
connection before lending it (``pool_pre_ping``, so a database restart costs
one failed ping, not a failed request), resets it on return and is closed by
``Engine.dispose``; a second pool underneath would only add a layer. The pool
holds at most ``pool_size`` connections per process (no overflow), so an
operator sizes PostgreSQL's ``max_connections`` as nodes * workers * pool size.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, ExceptionContext, create_engine, event
from sqlalchemy.exc import DataError

from photobank.errors import InvalidParameter

CONNECT_TIMEOUT = 5  # seconds: an unreachable database is reported, not waited on
POOL_TIMEOUT = 30  # seconds a request waits for a pooled connection before failing


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _utc_session(dbapi_connection: Any, _record: Any) -> None:
    """Times come back in UTC whatever the server's TimeZone: answers print them as such."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
    dbapi_connection.commit()


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


def make_engine(url: str, pool_size: int = 10, pool_timeout: float = POOL_TIMEOUT) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout,
    PostgreSQL a pool of ``pool_size`` connections checked before each use (a caller
    waits ``pool_timeout`` seconds at most for one)."""
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
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
            **json,
        )
        # An engine dropped without dispose() still ends its sessions, rather than
        # leaving them to the garbage collector (psycopg warns) and PostgreSQL's limit.
        weakref.finalize(engine, engine.pool.dispose)
        event.listen(engine, "connect", _utc_session)
        event.listen(engine, "before_cursor_execute", _nul_finds_nothing, retval=True)
        event.listen(engine, "handle_error", _refuse_nul)
        return engine
    return create_engine(url, pool_pre_ping=True, **json)


def _dumps(value: Any) -> str:
    """JSON columns go through orjson: asset reads decode a dozen per row."""
    return orjson.dumps(value).decode()
