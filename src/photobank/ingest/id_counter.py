"""The next asset id a writer allocates, counted in ``meta``.

Allocated ids look like Getty's (nine digits or more) and are never handed out
twice: the counter is read under the writers' ids lock
(:mod:`~photobank.ingest.writing`) and moved in the transaction that stores
the assets, so a writer killed before its commit leaves it where it was and
the next run allocates the same ids as one clean run would. A store written
before the counter existed starts it above every id it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, Engine, delete, insert, select, update

from photobank.catalog.ids import is_asset_id
from photobank.store import tables as t

NEXT_ID = "ingest.next_asset_id"  # the meta key
FIRST_ID = 100_000_001


def next_id(engine: Engine) -> int:
    """The counter (read with the ids lock held), or the next above every stored id."""
    counter = t.meta.c.key == NEXT_ID
    with engine.connect() as conn:
        value = conn.scalar(select(t.meta.c.value).where(counter))
        if value is not None:
            return int(value)
        stored = numbers(conn.scalars(select(t.assets.c.id)))
        return max(stored, default=FIRST_ID - 1) + 1


def set_next_id(conn: Connection, value: int) -> None:
    """Move the counter to ``value``, in the caller's transaction (with the ids lock held)."""
    counter = t.meta.c.key == NEXT_ID
    if not conn.execute(update(t.meta).where(counter).values(value=str(value))).rowcount:
        conn.execute(insert(t.meta).values(key=NEXT_ID, value=str(value)))


def forget_next_id(conn: Connection) -> None:
    """Drop the counter (a catalog emptied to be built again starts from the first id)."""
    conn.execute(delete(t.meta).where(t.meta.c.key == NEXT_ID))


def numbers(ids: Iterable[str]) -> Iterator[int]:
    """The numbers before any suffix of well-formed ids (``200261415-001``: 200261415)."""
    for asset_id in ids:
        if asset_id and is_asset_id(asset_id):
            yield int(asset_id.partition("-")[0])
