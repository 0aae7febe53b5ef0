"""Reading and writing catalog records in the store.

Every write of assets also appends to ``asset_changes`` in the same
transaction, so the search index (and later the v3 asset-change channels)
can replay exactly what was committed.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from photobank.catalog.model import Asset, Collection, Event, Keyword, Location, Person
from photobank.catalog.names import name_key
from photobank.catalog.rows import (
    asset_values,
    fetch_assets,
    read_assets,
    row_to_asset,
)
from photobank.clock import Clock, as_utc
from photobank.errors import AssetNotFound
from photobank.store import tables as t
from photobank.store.bulk import insert_rows
from photobank.store.engine import reading
from photobank.store.readers import ThreadReaders

# Rows kept beside an asset, deleted with it.
_BESIDE_ASSETS = (t.visual_signatures, t.ingested_files, t.fixture_files)
# One change type for a whole batch, or one per asset id.
ChangeTypes = str | Mapping[str, str]
_CHANGE_COLUMNS = ("asset_id", "change_type", "changed_at")  # seq is the log's own
# Writes that commit in the same transaction as a batch of assets.
Alongside = Callable[[Connection], object]
# The meta key of a token written anew with every reference row added: a cache
# read under another token may lack rows another process or node added.
_REFERENCE_STAMP = "catalog.reference_stamp"


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    asset_id: str
    change_type: str


@dataclass(slots=True)
class Reference:
    """The small tables every projection needs, held in memory."""

    collections: dict[int, Collection] = field(default_factory=dict)
    keywords: dict[int, Keyword] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    locations: dict[int, Location] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)

    @property
    def has_rows(self) -> bool:
        return any((self.collections, self.keywords, self.people, self.locations, self.events))

    @property
    def collections_by_code(self) -> dict[str, Collection]:
        return {c.code.lower(): c for c in self.collections.values()}

    def keywords_of(self, asset: Asset) -> list[tuple[Keyword, int]]:
        """``asset``'s keywords, each with its relevance there (1-100), in the asset's order."""
        known = self.keywords
        return [(k, tag.relevance) for tag in asset.keywords if (k := known.get(tag.keyword_id))]


class CatalogRepository:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._reference: Reference | None = None
        self._reference_stamp: str | None = None  # the store's when it was read
        self._saved: _Saved | None = None  # the last assets this process saved, as stored
        self._lock = threading.Lock()
        self._readers = ThreadReaders.for_engine(engine)

    @property
    def engine(self) -> Engine:
        """The store, for data kept beside assets (visual signatures)."""
        return self._engine

    # -- reference data -------------------------------------------------

    def add_reference(
        self,
        *,
        collections: Sequence[Collection] = (),
        keywords: Sequence[Keyword] = (),
        people: Sequence[Person] = (),
        locations: Sequence[Location] = (),
        events: Sequence[Event] = (),
    ) -> None:
        new = Reference(
            {c.id: c for c in collections},
            {k.id: k for k in keywords},
            {p.id: p for p in people},
            {loc.id: loc for loc in locations},
            {e.id: e for e in events},
        )
        with self._engine.begin() as conn:
            _insert_reference(conn, new)
        self._reference = None

    def reference(self, *, fresh: bool = False) -> Reference:
        """The reference rows, as cached; ``fresh``: as the store holds them now (rows
        another process or node added since included), for a writer about to add some."""
        ref = self._reference
        if ref is not None and fresh:
            with self._engine.connect() as conn:
                ref = ref if _reference_stamp(conn) == self._reference_stamp else None
        if ref is not None:
            return ref
        with self._lock, self._engine.connect() as conn:
            stamp = _reference_stamp(conn)  # before the rows: one added meanwhile is a change
            ref = Reference()
            for row in conn.execute(select(t.collections)).mappings():
                values = dict(row)
                values["product_types"] = tuple(values["product_types"])
                ref.collections[row["id"]] = Collection(**values)
            for row in conn.execute(_without_key(t.keywords)).mappings():
                ref.keywords[row["id"]] = Keyword(**row)
            for row in conn.execute(_without_key(t.people)).mappings():
                ref.people[row["id"]] = Person(**row)
            for row in conn.execute(_without_key(t.locations)).mappings():
                ref.locations[row["id"]] = Location(**row)
            for row in conn.execute(_without_key(t.events)).mappings():
                values = dict(row)
                values["editorial_segments"] = tuple(values["editorial_segments"])
                values["start_date"] = as_utc(values["start_date"])
                values["end_date"] = values["end_date"] and as_utc(values["end_date"])
                ref.events[row["id"]] = Event(**values)
            self._reference, self._reference_stamp = ref, stamp
        return ref

    def clear_caches(self) -> None:
        """Read the reference data from the store again on next use."""
        self._reference = None
        self._saved = None

    # -- assets ---------------------------------------------------------

    def save_assets(
        self,
        assets: Iterable[Asset],
        change_type: ChangeTypes = "ingest",
        *,
        reference: Reference | None = None,
        alongside: Alongside | None = None,
    ) -> int:
        """Insert or replace ``assets`` and log each change; returns how many.

        ``change_type`` may differ by asset id. ``reference`` rows the assets
        name and the ``alongside`` writes (signatures, source files) commit in
        the same transaction, so an asset is stored whole or not at all.
        """
        batch = list(assets)
        if not batch:
            return 0
        self._saved = None
        now = self._clock.now()
        ids = [a.id for a in batch]
        types = change_type if not isinstance(change_type, str) else dict.fromkeys(ids, change_type)
        with self._engine.begin() as conn:
            if reference is not None:
                _insert_reference(conn, reference)
            # Withdrawal is only ever changed by withdraw() and restore(): a changed
            # file ingested again, or an update, leaves a withdrawn asset withdrawn.
            withdrawn = dict(
                conn.execute(
                    select(t.assets.c.id, t.assets.c.withdrawn_at).where(
                        t.assets.c.id.in_(ids), t.assets.c.withdrawn_at.is_not(None)
                    )
                ).all()
            )
            conn.execute(delete(t.assets).where(t.assets.c.id.in_(ids)))
            rows = [asset_values(a, withdrawn.get(a.id)) for a in batch]
            insert_rows(conn, t.assets, rows)
            changes = [(i, types[i], now) for i in ids]
            insert_rows(conn, t.asset_changes, changes, _CHANGE_COLUMNS)
            if alongside is not None:
                alongside(conn)
            seq = conn.scalar(select(func.max(t.asset_changes.c.seq)))
        self._saved = _Saved(int(seq or 0), _as_stored(batch, withdrawn))
        if reference is not None and reference.has_rows:
            self._reference = None  # read again when next asked: it has new rows
        return len(batch)

    def save_blurhashes(self, blurhashes: Mapping[str, str], alongside: Alongside) -> None:
        """Record measures taken after the assets were stored: their blurhashes, and the
        ``alongside`` writes (signatures) in the same transaction. Not a change partners
        hear of: nothing of the asset's record changes."""
        rows = [{"asset_id": i, "hash": h} for i, h in blurhashes.items()]
        self._saved = None
        with self._engine.begin() as conn:
            if rows:
                conn.execute(
                    update(t.assets)
                    .where(t.assets.c.id == bindparam("asset_id"))
                    .values(blurhash=bindparam("hash")),
                    rows,
                )
            alongside(conn)

    def delete_assets(self, ids: Sequence[str]) -> int:
        """Delete the assets and what is kept beside them (signatures, source files,
        fixture files), logging each delete; returns how many rows went."""
        self._saved = None
        now = self._clock.now()
        with self._engine.begin() as conn:
            gone = conn.execute(delete(t.assets).where(t.assets.c.id.in_(ids))).rowcount
            for table in _BESIDE_ASSETS:
                conn.execute(delete(table).where(table.c.asset_id.in_(ids)))
            conn.execute(
                insert(t.asset_changes),
                [{"asset_id": i, "change_type": "delete", "changed_at": now} for i in ids],
            )
        return int(gone)

    def set_withdrawn(self, ids: Sequence[str], withdrawn: bool) -> list[str]:
        """Withdraw (or restore) the assets of ``ids`` that are not so already, logging
        ``withdraw`` (``restore``) for each; the ids changed, in the order given.

        All or nothing: an id the store lacks raises :class:`NotFound` naming it.
        """
        self._saved = None
        column = t.assets.c.withdrawn_at
        wanted = list(dict.fromkeys(ids))
        now = self._clock.now()
        with self._engine.begin() as conn:
            state = dict(
                conn.execute(select(t.assets.c.id, column).where(t.assets.c.id.in_(wanted))).all()
            )
            unknown = [i for i in wanted if i not in state]
            if unknown:
                raise AssetNotFound(f"Asset not found: {', '.join(unknown)}")
            changed = [i for i in wanted if (state[i] is not None) != withdrawn]
            if changed:
                conn.execute(
                    update(t.assets)
                    .where(t.assets.c.id.in_(changed))
                    .values(withdrawn_at=now if withdrawn else None)
                )
                kind = "withdraw" if withdrawn else "restore"
                conn.execute(
                    insert(t.asset_changes),
                    [{"asset_id": i, "change_type": kind, "changed_at": now} for i in changed],
                )
        return changed

    def get_assets(self, ids: Sequence[str]) -> dict[str, Asset]:
        if not ids:
            return {}
        if self._readers is not None:
            cursor = self._readers.connection().cursor()
            try:
                return {asset.id: asset for asset in read_assets(cursor, ids)}
            finally:
                cursor.close()
        with reading(self._engine) as conn:
            return {asset.id: asset for asset in fetch_assets(conn, ids)}

    def current_assets(self, ids: Sequence[str]) -> dict[str, Asset]:
        """Like :meth:`get_assets`, without reading back what this process has just
        saved: while the change log ends with the last save's changes (nothing was
        logged since, here or by another process), its assets are the store's."""
        saved = self._saved
        if saved is None or saved.seq != self.last_change_seq():
            return self.get_assets(ids)
        self._saved = None  # read once, by the index the save is synced to
        found = {i: a for i in ids if (a := saved.assets.get(i)) is not None}
        found.update(self.get_assets([i for i in ids if i not in found]))
        return found

    def iter_assets(self, batch_size: int = 5000) -> Iterator[list[Asset]]:
        """All assets in id order, in batches (for index rebuilds)."""
        last = ""
        while True:
            with self._engine.connect() as conn:
                rows = conn.execute(
                    select(t.assets)
                    .where(t.assets.c.id > last)
                    .order_by(t.assets.c.id)
                    .limit(batch_size)
                ).mappings()
                batch = [row_to_asset(row) for row in rows]
            if not batch:
                return
            yield batch
            last = batch[-1].id

    def count_assets(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.assets)).scalar_one())

    # -- change log -----------------------------------------------------

    def last_change_seq(self) -> int:
        with self._engine.connect() as conn:
            return int(
                conn.execute(select(func.coalesce(func.max(t.asset_changes.c.seq), 0))).scalar_one()
            )

    def changes_after(self, seq: int, limit: int = 10_000) -> list[Change]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.asset_changes.c.seq, t.asset_changes.c.asset_id, t.asset_changes.c.change_type
                )
                .where(t.asset_changes.c.seq > seq)
                .order_by(t.asset_changes.c.seq)
                .limit(limit)
            )
            return [Change(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class _Saved:
    seq: int  # the change log's last once they were committed
    assets: dict[str, Asset]


def _as_stored(assets: list[Asset], withdrawn: Mapping[str, Any]) -> dict[str, Asset]:
    """The saved assets as the store now holds them: withdrawal is the store's own."""
    return {
        a.id: a
        if a.withdrawn_at is None and a.id not in withdrawn
        else dataclasses.replace(a, withdrawn_at=withdrawn.get(a.id))
        for a in assets
    }


def _reference_stamp(conn: Connection) -> str | None:
    """The store's reference stamp: new with every reference row added."""
    return conn.scalar(select(t.meta.c.value).where(t.meta.c.key == _REFERENCE_STAMP))


def _without_key(table: Table) -> Select[Any]:
    """A reference table's rows as its values hold them (``name_key`` is the store's)."""
    return select(*(c for c in table.columns if c.name != "name_key"))


def _insert_reference(conn: Connection, new: Reference) -> None:
    """Insert the rows of ``new``; a name the store has already refuses the
    transaction (each table's ``name_key`` is unique)."""
    if new.collections:
        conn.execute(insert(t.collections), [_record(v) for v in new.collections.values()])
    named: tuple[tuple[Table, Mapping[int, Keyword | Person | Location | Event]], ...] = (
        (t.keywords, new.keywords),
        (t.people, new.people),
        (t.locations, new.locations),
        (t.events, new.events),
    )
    for table, values in named:
        if values:
            rows = [{**_record(v), "name_key": name_key(v)} for v in values.values()]
            conn.execute(insert(table), rows)
    if new.has_rows:
        stamp, key = uuid.uuid4().hex, t.meta.c.key == _REFERENCE_STAMP
        if not conn.execute(update(t.meta).where(key).values(value=stamp)).rowcount:
            conn.execute(insert(t.meta).values(key=_REFERENCE_STAMP, value=stamp))


def _record(value: Any) -> dict[str, Any]:
    """A dataclass value as a row dict (tuples become JSON lists)."""
    return {
        name: list(v) if isinstance(v := getattr(value, name), tuple) else v
        for name in value.__dataclass_fields__
    }
