"""Per-thread read connections: their own per thread, read-only, closed with the engine."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from photobank.store.engine import make_engine
from photobank.store.readers import ThreadReaders


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    return engine


def _readers(engine: Engine) -> ThreadReaders:
    readers = ThreadReaders.for_engine(engine)
    assert readers is not None
    return readers


def test_only_sqlite_files_get_readers() -> None:
    assert ThreadReaders.for_engine(create_engine("sqlite://")) is None
    assert ThreadReaders.for_engine(create_engine("sqlite:///:memory:")) is None


def test_each_thread_keeps_its_own_connection(engine: Engine) -> None:
    readers = _readers(engine)
    mine = readers.connection()
    theirs: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: theirs.append(readers.connection()))
    thread.start()
    thread.join()
    assert readers.connection() is mine
    assert theirs[0] is not mine


def test_reads_see_every_earlier_commit(engine: Engine) -> None:
    reader = _readers(engine).connection()
    assert reader.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO notes (body) VALUES ('hello')"))
    assert reader.execute("SELECT body FROM notes").fetchall() == [("hello",)]


def test_readers_cannot_write(engine: Engine) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        _readers(engine).connection().execute("INSERT INTO notes (body) VALUES ('no')")


def test_disposing_the_engine_closes_them_and_later_reads_reopen(engine: Engine) -> None:
    readers = _readers(engine)
    before = readers.connection()
    engine.dispose()
    with pytest.raises(sqlite3.ProgrammingError):
        before.execute("SELECT 1")
    assert readers.connection().execute("SELECT count(*) FROM notes").fetchone() == (0,)
