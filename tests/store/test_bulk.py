"""Rows inserted from plain tuples are stored as a Core insert of dicts stores them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from photobank.clock import as_utc
from photobank.composition import Services
from photobank.store import tables as t
from photobank.store.bulk import insert_rows

WHEN = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)


def test_tuples_are_stored_as_dicts_are(services: Services) -> None:
    events = t.events
    as_dict = {
        "id": 1_999_999_001,
        "name": "Regatta",
        "start_date": WHEN,
        "end_date": None,
        "type": "news",
        "location_id": None,
        "editorial_segments": ["sport", "news"],
        "parent_id": None,
        "name_key": "regatta one",
    }
    as_tuple = (
        1_999_999_002, "Regatta", WHEN, None, "news", None, ("sport", "news"), None, "regatta two"
    )  # fmt: skip
    ids = [as_dict["id"], as_tuple[0]]
    with services.catalog.engine.connect() as conn:
        conn.execute(insert(events), [as_dict])
        insert_rows(conn, events, [as_tuple])
        rows = conn.execute(select(events).where(events.c.id.in_(ids)).order_by(events.c.id))
        first, second = [row[1:-1] for row in rows]  # all but the id and the key
        conn.rollback()
    assert second == first
    assert as_utc(first[1]) == WHEN and first[5] == ["sport", "news"]


def test_columns_left_out_take_their_defaults(services: Services) -> None:
    changes = t.asset_changes
    columns = ("asset_id", "change_type", "changed_at")
    with services.catalog.engine.connect() as conn:
        last = conn.scalar(select(func.max(changes.c.seq))) or 0
        insert_rows(conn, changes, [("1", "ingest", WHEN), ("2", "update", WHEN)], columns)
        rows = conn.execute(select(changes).where(changes.c.seq > last)).all()
        conn.rollback()
    assert [(seq > last, i, kind, as_utc(at)) for seq, i, kind, at in rows] == [
        (True, "1", "ingest", WHEN),
        (True, "2", "update", WHEN),
    ]


def test_nothing_to_insert_runs_no_statement(services: Services) -> None:
    with services.catalog.engine.connect() as conn:
        insert_rows(conn, t.events, [])
        assert not conn.in_transaction()
