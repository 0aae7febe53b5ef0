"""The catalog at a glance, for the operator: how many assets of each kind, and what changed.

Counts are one grouped query over ``assets`` (withdrawn ones counted apart);
recent changes read the change log newest first, each with the asset's title
while the asset still exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, case, func, select

from photobank.clock import as_utc
from photobank.store import tables as t


@dataclass(frozen=True, slots=True)
class KindCount:
    asset_type: str  # image | video
    asset_family: str  # creative | editorial
    on_offer: int
    withdrawn: int


@dataclass(frozen=True, slots=True)
class RecentChange:
    seq: int
    asset_id: str
    change_type: str  # ingest | update | delete | withdraw | restore
    changed_at: datetime
    title: str | None  # None once the asset is deleted


class CatalogOverview:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def counts(self) -> list[KindCount]:
        """Assets by type and family, most numerous first."""
        a = t.assets.c
        withdrawn = func.sum(case((a.withdrawn_at.is_not(None), 1), else_=0))
        query = (
            select(a.asset_type, a.asset_family, func.count(), withdrawn)
            .group_by(a.asset_type, a.asset_family)
            .order_by(func.count().desc(), a.asset_type, a.asset_family)
        )
        with self._engine.connect() as conn:
            return [
                KindCount(kind, family, int(total) - int(gone or 0), int(gone or 0))
                for kind, family, total, gone in conn.execute(query)
            ]

    def recent_changes(self, limit: int, before: int | None = None) -> list[RecentChange]:
        """The latest ``limit`` changes (older than sequence number ``before``), newest first."""
        c = t.asset_changes.c
        query = (
            select(c.seq, c.asset_id, c.change_type, c.changed_at, t.assets.c.title)
            .select_from(t.asset_changes.outerjoin(t.assets, t.assets.c.id == c.asset_id))
            .order_by(c.seq.desc())
            .limit(limit)
        )
        if before is not None:
            query = query.where(c.seq < before)
        with self._engine.connect() as conn:
            return [
                RecentChange(seq, asset_id, kind, as_utc(at), title)
                for seq, asset_id, kind, at, title in conn.execute(query)
            ]
