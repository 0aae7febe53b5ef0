"""Asset signatures in the record store, written at ingest with their assets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from photobank.store import tables as t
from photobank.visual.signature import Signature

_BATCH = 5_000


def save_signatures(engine: Engine, signatures: Mapping[str, Signature]) -> None:
    """Store (or replace) the signatures of assets by id, in a transaction of their own."""
    with engine.begin() as conn:
        write_signatures(conn, signatures)


def write_signatures(conn: Connection, signatures: Mapping[str, Signature]) -> None:
    """Store (or replace) the signatures of assets by id within ``conn``'s transaction.

    The ingest pipeline (photobank.ingest) writes them with their assets, video
    posters included: ``signature_of(poster)`` under the video's id.
    """
    table = t.visual_signatures
    ids = list(signatures)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        conn.execute(delete(table).where(table.c.asset_id.in_(chunk)))
        rows = [{"asset_id": i, "signature": signatures[i].to_bytes()} for i in chunk]
        conn.execute(insert(table), rows)


def signed_assets(engine: Engine) -> Iterator[Any]:
    """Every asset on offer that has a signature, with what by-image filters and facets need."""
    a, s = t.assets, t.visual_signatures
    query = (
        select(
            a.c.id,
            a.c.asset_type,
            a.c.asset_family,
            a.c.nudity,
            a.c.editorial_use_only,
            a.c.product_types,
            a.c.artist,
            a.c.location_id,
            s.c.signature,
        )
        .join(s, s.c.asset_id == a.c.id)
        .where(a.c.withdrawn_at.is_(None))
        .order_by(a.c.id)
    )
    with engine.connect() as conn:
        yield from conn.execute(query)


def signature_of_asset(engine: Engine, asset_id: str) -> Signature | None:
    table = t.visual_signatures
    with engine.connect() as conn:
        data = conn.execute(
            select(table.c.signature).where(table.c.asset_id == asset_id)
        ).scalar_one_or_none()
    return Signature.from_bytes(data) if data is not None else None
