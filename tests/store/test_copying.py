"""A record store copied row for row (``photobank copy``; PostgreSQL targets: tests/cli)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from photobank import errors
from photobank.store import tables
from photobank.store.copying import TableCount, copy_tables, occupied, verify
from photobank.store.engine import make_engine
from photobank.store.migrate import upgrade

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _store(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine


@pytest.fixture
def source(tmp_path: Path) -> Engine:
    engine = _store(tmp_path / "source.db")
    event = {"name": "e", "start_date": NOW, "type": "news", "editorial_segments": ["news"]}
    parent = {**event, "id": 9, "parent_id": None, "name_key": "e 9"}
    child = {**event, "id": 3, "parent_id": 9, "name_key": "e 3"}
    with engine.begin() as conn:  # a child event with a smaller id than its parent's
        conn.execute(insert(tables.events), [parent, child])
    return engine


def test_rows_keep_their_ids_and_a_child_may_come_before_its_parent(
    source: Engine, tmp_path: Path
) -> None:
    target = _store(tmp_path / "target.db")
    assert occupied(target) == []  # what the migrations write does not count
    heard: list[TableCount] = []
    copy_tables(source, target, replace=False, progress=heard.append)
    assert {(count.name, count.rows) for count in heard} >= {("events", 2), ("assets", 0)}
    assert len(heard) == len(tables.metadata.sorted_tables)
    with target.connect() as conn:
        rows = conn.execute(select(tables.events.c.id, tables.events.c.parent_id)).all()
    assert sorted(rows) == [(3, 9), (9, None)]
    assert verify(source, target) == []


def test_a_target_holding_rows_is_refused_unless_replaced(source: Engine, tmp_path: Path) -> None:
    target = _store(tmp_path / "target.db")
    copy_tables(source, target, replace=False, progress=lambda _count: None)
    with pytest.raises(errors.Conflict, match=r"not empty .*--replace"):
        copy_tables(source, target, replace=False, progress=lambda _count: None)
    with target.begin() as conn:
        conn.execute(update(tables.events).where(tables.events.c.id == 3).values(name="changed"))
    assert verify(source, target) == ["events: the rows differ from the copy's"]
    copy_tables(source, target, replace=True, progress=lambda _count: None)
    assert verify(source, target) == []
