"""Lightbox numbers: the integers the legacy API names boards by.

Boards are numbered 1, 2, … in creation order (migration 0009 numbered the
boards made before). The last number given is counted in ``meta``, so a deleted
board's number is never given again: a client still holding it is told the
lightbox does not exist rather than shown another one.
"""

from __future__ import annotations

from sqlalchemy import Connection, Integer, Text, cast, func, insert, select, update

from photobank.store import tables as t

LAST_NUMBER = "boards.last_legacy_id"  # the key migration 0009 seeds


def next_number(conn: Connection) -> int:
    """The next number, within the caller's transaction: the counter is written before
    it is read, so the transaction holds it until it commits."""
    counter = t.meta.c.key == LAST_NUMBER
    plus_one = cast(cast(t.meta.c.value, Integer) + 1, Text)
    bumped = update(t.meta).where(counter).values(value=plus_one)
    if not conn.execute(bumped).rowcount:  # a store the migration did not seed
        highest = conn.execute(select(func.coalesce(func.max(t.boards.c.legacy_id), 0)))
        conn.execute(insert(t.meta).values(key=LAST_NUMBER, value=str(highest.scalar_one() + 1)))
    return int(conn.execute(select(t.meta.c.value).where(counter)).scalar_one())
