"""Generations and downloads in the store: the only SQL of the generator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Table, insert, select, update

from photobank.clock import as_utc
from photobank.demo.prompted import Prompt
from photobank.generation.models import Generation, Pending
from photobank.store import tables as t

_G = t.ai_generations.c
_D = t.ai_downloads.c


def pending_columns(pending: Pending, now: datetime) -> dict[str, Any]:
    return {
        "polls_needed": pending.polls_needed,
        "polls_seen": pending.polls_seen,
        "ready_at": pending.ready_at,
        "created_at": now,
    }


def _pending(row: Mapping[Any, Any]) -> Pending:
    return Pending(row["polls_needed"], row["polls_seen"], as_utc(row["ready_at"]))


def insert_generation(engine: Engine, row: dict[str, Any]) -> None:
    with engine.begin() as conn:
        conn.execute(insert(t.ai_generations).values(row))


def fetch_generation(engine: Engine, generation_id: str, now: datetime) -> Generation | None:
    with engine.connect() as conn:
        row = (
            conn.execute(select(t.ai_generations).where(_G.id == generation_id)).mappings().first()
        )
    if row is None:
        return None
    pending = _pending(row)
    parent = (row["parent_id"], row["parent_index"]) if row["parent_id"] else None
    prompt = Prompt(
        row["prompt"], row["negative_prompt"], row["seed"], row["media_type"], row["mood"]
    )
    return Generation(
        id=row["id"],
        customer_id=row["customer_id"],
        product_id=row["product_id"],
        prompt=prompt,
        aspect_ratio=row["aspect_ratio"],
        images=row["images"],
        parent=parent,
        pending=pending,
        ready=pending.ready(now),
    )


def count_poll(engine: Engine, table: Table, row_id: Any) -> None:
    """One more poll answered pending, up to the number the row needs."""
    c = table.c
    with engine.begin() as conn:
        conn.execute(
            update(table)
            .where(c.id == row_id, c.polls_seen < c.polls_needed)
            .values(polls_seen=c.polls_seen + 1)
        )


def insert_download(engine: Engine, row: dict[str, Any]) -> int:
    with engine.begin() as conn:
        return int(conn.execute(insert(t.ai_downloads).values(row).returning(_D.id)).scalar_one())


def latest_download(
    engine: Engine, generation_id: str, index: int
) -> tuple[int, str, Pending] | None:
    """The id, size and state of the image's latest download, if one was started."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(t.ai_downloads)
                .where(_D.generation_id == generation_id, _D.image_index == index)
                .order_by(_D.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
    return (row["id"], row["size_name"], _pending(row)) if row is not None else None
