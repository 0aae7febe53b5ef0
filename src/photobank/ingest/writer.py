"""The asset writer: the one code path by which assets reach the store.

Per batch of drafts, once: ids, reference data, blurhash, dominant colour,
visual signatures, originals, then one transaction holding the assets, their
change log (``ingest`` when new, ``update`` when the id exists), new reference
rows, signatures and source files. Originals are written before that commit
and noted in ``pending_originals`` first, so a kill between the two leaves an
original no row names only until the next writer starts and deletes it: no
row without its original, no original without its row. New reference rows
take their ids from the store as it stands at the commit (under the reference
lock): a name another process or node added since this one's cache was read
is taken up, not added twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import nullcontext
from itertools import repeat
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, delete, insert, select

from photobank.catalog.model import Asset, changed
from photobank.catalog.repository import Alongside, ChangeTypes, Reference
from photobank.catalog.rows import fetch_assets
from photobank.demo.pixels import recipe_blurhash, recipe_signature
from photobank.ingest.drafts import Draft
from photobank.ingest.id_counter import next_id, numbers, set_next_id
from photobank.ingest.pixels import pixels_of
from photobank.ingest.reference import NewReference
from photobank.ingest.sources import write_sources
from photobank.ingest.writing import writer_locks
from photobank.media.originals import OriginalStore
from photobank.media.storage import MediaStorage
from photobank.store import tables as t
from photobank.visual.signature import Signature
from photobank.visual.store import write_signatures


class Catalog(Protocol):
    """What the writer needs of the catalog: the service, or (demo builds) the repository."""

    @property
    def engine(self) -> Engine: ...

    def reference(self, *, fresh: bool = False) -> Reference: ...

    def save_assets(
        self,
        assets: Iterable[Asset],
        change_type: ChangeTypes = "ingest",
        *,
        reference: Reference | None = None,
        alongside: Alongside | None = None,
    ) -> int: ...

    def save_blurhashes(self, blurhashes: Mapping[str, str], alongside: Alongside) -> None: ...

    def set_withdrawn(self, ids: Sequence[str], withdrawn: bool) -> list[str]: ...


class AssetWriter:
    def __init__(
        self,
        catalog: Catalog,
        storage: MediaStorage | None,
        product_types: Mapping[str, tuple[str, ...]],
        *,
        signatures: bool = True,
        executor: Executor | None = None,
        drawn_later: bool = False,
    ) -> None:
        """``storage`` None: no original is written or forgotten (a demo build into an
        empty catalog); ``product_types``: a new collection's, by family;
        ``signatures`` False leaves drawn originals unsigned (their recipe costs
        4-17 ms), ``executor`` paints them in other processes; ``drawn_later``
        stores them unmeasured (no blurhash, no signature) for :meth:`measure_drawn`."""
        self._catalog = catalog
        self._originals = OriginalStore(storage, catalog.reference) if storage is not None else None
        self._product_types = dict(product_types)
        self._signatures = signatures
        self._executor = executor
        self._drawn_later = drawn_later
        self._locks = writer_locks(catalog.engine)
        self._recovered = False

    def save(self, drafts: Sequence[Draft]) -> list[Asset]:
        """Store ``drafts`` whole, in one transaction; the assets as stored.

        Holds the writers' locks (:mod:`~photobank.ingest.writing`) from its ids to
        its commit: the ids lock too when it adds assets, not when it only changes
        stored ones (an operator's edit never waits for an ingest's batch)."""
        if not drafts:
            return []
        drafts = [_measured(d) for d in drafts]
        given = [d.asset.id for d in drafts]
        with self._catalog.engine.connect() as conn:
            table = t.assets
            existing = set(conn.scalars(select(table.c.id).where(table.c.id.in_(given))))
        adding = not existing.issuperset(given)
        recover = None if self._recovered or self._originals is None else self._recover
        with self._locks.saving(adding, recover) as recovered:
            self._recovered = self._recovered or recovered
            assets = self._save(drafts, existing, adding)
        if self._originals is not None:
            for asset, draft in zip(assets, drafts, strict=True):
                if asset.id in existing and not draft.original and not draft.restated:
                    self._originals.forget(asset.id)  # drawn again, as it now is, on first use
        return assets

    def _save(self, drafts: list[Draft], existing: set[str], adding: bool) -> list[Asset]:
        known = self._catalog.reference()
        new = NewReference(known, self._product_types)
        ids, next_id = self._ids(drafts) if adding else ([d.asset.id for d in drafts], None)
        where = (f"assets[{n}]" for n in range(len(drafts)))
        resolved = [self._resolve(*args) for args in zip(drafts, ids, repeat(new), where)]
        drawn = self._drawn_reference(new)
        assets = [
            dataclasses.replace(a, blurhash=recipe_blurhash(a, drawn))
            if d.original is None and a.blurhash is None and not self._drawn_later
            else a
            for a, d in zip(resolved, drafts, strict=True)
        ]
        signatures = self._signatures_of(drafts, assets, drawn)
        kept = {a.id: d.original for a, d in zip(assets, drafts, strict=True) if d.original}
        self._put_originals(kept)
        sources = {a.id: d.source for a, d in zip(assets, drafts, strict=True) if d.source}

        def alongside(conn: Connection) -> None:
            write_signatures(conn, signatures)
            write_sources(conn, sources)
            if kept:
                pending = t.pending_originals
                conn.execute(delete(pending).where(pending.c.asset_id.in_(list(kept))))
            if next_id is not None:
                set_next_id(conn, next_id)

        types = {i: "update" if i in existing else "ingest" for i in ids}
        with self._locks.adding_reference() if new.added.has_rows else nullcontext():
            assets, added = self._settled(drafts, assets, known, new)
            self._catalog.save_assets(assets, types, reference=added, alongside=alongside)
        self._set_offer(assets, drafts)
        return assets

    def _set_offer(self, assets: Sequence[Asset], drafts: Sequence[Draft]) -> None:
        """Withdraw or restore the assets whose drafts say so (a manifest's ``status``)."""
        for withdrawn in (True, False):
            ids = [a.id for a, d in zip(assets, drafts, strict=True) if d.withdrawn is withdrawn]
            if ids:
                self._catalog.set_withdrawn(ids, withdrawn)

    def measure_drawn(self, chunk: int = 500) -> int:
        """Measure the stored assets whose originals are drawn and not yet measured
        (blurhash and signature, painted in the executor if there is one); how many.

        Runs after :meth:`save` with ``drawn_later``, and measures what a killed
        run left unmeasured too: the store, not this writer, says what is due.
        """
        ids = self._unmeasured()
        drawn = self._catalog.reference()
        for start in range(0, len(ids), chunk):
            self._measure(ids[start : start + chunk], drawn)
        return len(ids)

    def _measure(self, ids: list[str], drawn: Reference) -> None:
        with self._catalog.engine.connect() as conn:
            assets = fetch_assets(conn, ids)
        measures: Iterator[tuple[str, Signature]]
        if self._executor is None:
            measures = map(_measures, assets, repeat(drawn))
        else:
            measures = self._executor.map(_measures, assets, repeat(drawn), chunksize=25)
        taken = dict(zip((a.id for a in assets), measures, strict=True))
        signatures = {i: signature for i, (_, signature) in taken.items()}
        self._catalog.save_blurhashes(
            {i: blurhash for i, (blurhash, _) in taken.items()},
            lambda conn: write_signatures(conn, signatures),
        )

    def _unmeasured(self) -> list[str]:
        assets, files = t.assets, t.ingested_files
        from_files = select(files.c.asset_id).where(files.c.content_hash != "")
        query = (
            select(assets.c.id)
            .where(assets.c.blurhash.is_(None), assets.c.id.not_in(from_files))
            .order_by(assets.c.id)
        )
        with self._catalog.engine.connect() as conn:
            return list(conn.scalars(query))

    # -- steps ----------------------------------------------------------

    def _recover(self) -> None:
        """Delete originals a killed writer stored without committing their rows, and
        the notes it left (with the writing lock held exclusively: no save under way)."""
        assert self._originals is not None
        pending, assets = t.pending_originals, t.assets
        with self._catalog.engine.begin() as conn:
            noted = conn.scalars(select(pending.c.asset_id)).all()
            stored = set(conn.scalars(select(assets.c.id).where(assets.c.id.in_(noted))))
            for asset_id in noted:
                if asset_id not in stored:
                    self._originals.forget(asset_id, unfinished=True)
            conn.execute(delete(pending).where(pending.c.asset_id.in_(noted)))

    def _ids(self, drafts: Sequence[Draft]) -> tuple[list[str], int]:
        """The caller's id, or the next one above every id in the store and the batch
        (the ids lock held); and the counter to store with the batch."""
        given = [d.asset.id for d in drafts]
        next_free = max(next_id(self._catalog.engine), max(numbers(given), default=0) + 1)
        ids = []
        for asset_id in given:
            if not asset_id:
                asset_id, next_free = str(next_free), next_free + 1
            ids.append(asset_id)
        return ids, next_free

    def _resolve(self, draft: Draft, asset_id: str, new: NewReference, where: str) -> Asset:
        """The draft's asset with its id, what it names as ids, and its measured colours.

        The changes are gathered and applied in one copy
        (:func:`~photobank.catalog.model.changed`): an asset has some fifty fields,
        and a manifest of metadata alone is bound by such copies."""
        asset = draft.asset
        changes: dict[str, Any] = {"id": asset_id}
        if draft.collection is not None:
            collection = new.collection(
                draft.collection, asset.asset_family, asset.license_model, where
            )
            owner = asset.artist or collection.name
            changes.update(
                collection_id=collection.id,
                license_model=asset.license_model or collection.license_model,
                product_types=asset.product_types or collection.product_types,
                credit_line=asset.credit_line or owner,
                copyright=asset.copyright or f"{asset.date_created.year} {owner}",
            )
        location_id = asset.location_id
        if draft.keywords or draft.people or draft.place:
            location_id = new.location(draft.place) if draft.place else location_id
            changes.update(
                keywords=asset.keywords + tuple(map(new.keyword, draft.keywords)),
                people_ids=asset.people_ids + tuple(map(new.person, draft.people)),
                location_id=location_id,
            )
        if draft.event is not None and not asset.event_ids:
            event = new.event(draft.event, location_id, asset.editorial_segments)
            changes["event_ids"] = (event,)
        if draft.pixels is not None:
            changes.update(
                blurhash=draft.pixels.blurhash, dominant_color=draft.pixels.dominant_color
            )
        return changed(asset, changes)

    def _settled(
        self, drafts: list[Draft], assets: list[Asset], known: Reference, new: NewReference
    ) -> tuple[list[Asset], Reference]:
        """The assets and the reference rows they add, as the store stands now (the
        reference lock held when they add some): resolved again if another process or
        node added rows since ``known`` was read, so a name it added is taken up, not
        added twice, and new rows take ids still free."""
        fresh = self._catalog.reference(fresh=True) if new.added.has_rows else known
        if fresh is known:
            return assets, new.added
        again = NewReference(fresh, self._product_types)
        where = (f"assets[{n}]" for n in range(len(drafts)))
        resolved = [
            dataclasses.replace(self._resolve(d, a.id, again, w), blurhash=a.blurhash)
            for d, a, w in zip(drafts, assets, where, strict=True)
        ]
        return resolved, again.added

    def _drawn_reference(self, new: NewReference) -> Reference:
        """The reference data drawn originals are painted from, new keywords included."""
        ref = self._catalog.reference()
        if not new.added.keywords:
            return ref
        return Reference(keywords={**ref.keywords, **new.added.keywords})

    def _signatures_of(
        self, drafts: Sequence[Draft], assets: list[Asset], drawn: Reference
    ) -> dict[str, Signature]:
        """Signatures of the files, and (unless switched off) of the originals to be drawn."""
        found = {
            a.id: pixels.signature
            for a, d in zip(assets, drafts, strict=True)
            if (pixels := d.pixels) is not None
        }
        if not self._signatures or self._drawn_later:
            return found
        restated = {a.id for a, d in zip(assets, drafts, strict=True) if d.restated}
        unsigned = [a for a in assets if a.id not in found and a.id not in restated]
        painted: Iterator[Signature]
        if self._executor is None:
            painted = map(recipe_signature, unsigned, repeat(drawn))
        else:
            painted = self._executor.map(recipe_signature, unsigned, repeat(drawn), chunksize=250)
        found.update(zip((a.id for a in unsigned), painted, strict=True))
        return found

    def _put_originals(self, originals: dict[str, bytes | Path]) -> None:
        """Note the originals as pending (committed), then store them atomically."""
        if not originals or self._originals is None:
            return
        pending = t.pending_originals
        with self._catalog.engine.begin() as conn:  # noted again after a save that failed
            conn.execute(delete(pending).where(pending.c.asset_id.in_(list(originals))))
            conn.execute(insert(pending), [{"asset_id": i} for i in originals])
        for asset_id, data in originals.items():
            self._originals.put(asset_id, data)


def _measures(asset: Asset, drawn: Reference) -> tuple[str, Signature]:
    """The blurhash and signature of an original drawn from its metadata."""
    return recipe_blurhash(asset, drawn), recipe_signature(asset, drawn)


def _measured(draft: Draft) -> Draft:
    """The draft with its original's pixels measured, if a source has not done it."""
    if draft.pixels is not None or not isinstance(draft.original, bytes):
        return draft
    return dataclasses.replace(draft, pixels=pixels_of(draft.original))
