"""Catalog service: cached reads of assets, writes that keep the index in step."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sqlalchemy import Engine

from photobank.catalog.ids import is_asset_id
from photobank.catalog.model import Asset, Collection
from photobank.catalog.repository import Alongside, CatalogRepository, ChangeTypes, Reference
from photobank.lru import LruCache

# An asset's memory, by the parts that vary (fitted with tracemalloc over the demo
# catalog, rounded up; tests/catalog/test_service.py checks it stays an over-estimate).
_ASSET_BASE = 3_000
_PER_TEXT_CHAR = 2
_PER_KEYWORD = 120
_PER_TUPLE_ITEM = 70
_VIDEO = 1_000


def asset_weight(_id: str, asset: Asset) -> int:
    """About the bytes ``asset`` holds in memory, worked out without walking it."""
    text = (
        len(asset.title)
        + len(asset.caption)
        + len(asset.artist)
        + len(asset.artist_title)
        + len(asset.credit_line)
        + len(asset.copyright)
    )
    items = (
        len(asset.ages)
        + len(asset.ethnicities)
        + len(asset.compositions)
        + len(asset.people_ids)
        + len(asset.event_ids)
        + len(asset.editorial_segments)
        + len(asset.product_types)
        + len(asset.alternative_ids)
    )
    return (
        _ASSET_BASE
        + _PER_TEXT_CHAR * text
        + _PER_KEYWORD * len(asset.keywords)
        + _PER_TUPLE_ITEM * items
        + (_VIDEO if asset.video is not None else 0)
    )


class CatalogService:
    """Reads go through an LRU of assets bounded in bytes; every committed write
    invalidates it and notifies listeners (the search index syncs there)."""

    def __init__(self, repository: CatalogRepository, cache_budget: int) -> None:
        self.repository = repository
        self._cache: LruCache[str, Asset] = LruCache(cache_budget, asset_weight)
        self._listeners: list[Callable[[], object]] = []
        # A database server answers over a socket: reading it blocks for a round trip.
        self._remote = repository.engine.url.get_backend_name() != "sqlite"

    @property
    def engine(self) -> Engine:
        """The store, for data written beside assets (signatures, source files)."""
        return self.repository.engine

    def on_change(self, listener: Callable[[], object]) -> None:
        self._listeners.append(listener)

    def reference(self, *, fresh: bool = False) -> Reference:
        return self.repository.reference(fresh=fresh)

    def collections(self) -> list[Collection]:
        return sorted(self.reference().collections.values(), key=lambda c: c.id)

    def get_assets(
        self, ids: Sequence[str], asset_type: str | None = None, *, keep: bool = True
    ) -> dict[str, Asset]:
        """Assets on offer by id: what searches, lookups and licensing see. Malformed,
        unknown or withdrawn ids (or other asset types) are absent. ``keep=False``: for a
        caller that keeps what it makes of them (the encoded items of
        :mod:`photobank.api.v3.fragments`): assets read are not kept here too, where they
        would be a second copy of each and more objects for the garbage collector to walk."""
        found = self.get_kept(ids, asset_type, keep=keep)
        if any(asset.withdrawn_at is not None for asset in found.values()):
            found = {k: v for k, v in found.items() if v.withdrawn_at is None}
        return found

    def must_wait(self, ids: Sequence[str]) -> bool:
        """Whether :meth:`get_assets` of ``ids`` would wait on a database server for some
        (PostgreSQL, assets not in memory): a caller on the event loop calls it in a
        worker thread then. Reading SQLite from the event loop is cheaper than the hop."""
        if not self._remote:
            return False
        held = self._cache.get_many(ids)
        return any(a is None and is_asset_id(i) for i, a in zip(ids, held, strict=True))

    def get_kept(
        self, ids: Sequence[str], asset_type: str | None = None, *, keep: bool = True
    ) -> dict[str, Asset]:
        """Assets by id as customers keep them (boards, download history, purchases and
        their media): withdrawn ones too. Malformed or unknown ids are absent; ``keep``:
        as for :meth:`get_assets`."""
        found: dict[str, Asset] = {}
        missing: list[str] = []
        for asset_id in ids:
            asset = self._cache.get(asset_id)
            if asset is not None:
                found[asset_id] = asset
            elif is_asset_id(asset_id):
                missing.append(asset_id)
        if missing:
            loaded = self.repository.get_assets(missing)
            if keep:
                for asset_id, asset in loaded.items():
                    self._cache.put(asset_id, asset)
            found.update(loaded)
        if asset_type is not None:
            found = {k: v for k, v in found.items() if v.asset_type == asset_type}
        return found

    def save_assets(
        self,
        assets: Iterable[Asset],
        change_type: ChangeTypes = "ingest",
        *,
        reference: Reference | None = None,
        alongside: Alongside | None = None,
    ) -> int:
        """Write through the repository (see there), then forget and notify."""
        batch = list(assets)
        saved = self.repository.save_assets(
            batch, change_type, reference=reference, alongside=alongside
        )
        self._forget(a.id for a in batch)
        return saved

    def save_blurhashes(self, blurhashes: Mapping[str, str], alongside: Alongside) -> None:
        """Through the repository (see there), then forget."""
        self.repository.save_blurhashes(blurhashes, alongside)
        self._forget(blurhashes)

    def delete_assets(self, ids: Sequence[str]) -> int:
        deleted = self.repository.delete_assets(ids)
        self._forget(ids)
        return deleted

    def withdraw(self, ids: Sequence[str]) -> list[str]:
        """Take assets off offer (out of search and licensing); the ids that were on
        offer. An unknown id raises :class:`~photobank.errors.NotFound`, changing nothing."""
        return self.set_withdrawn(ids, True)

    def restore(self, ids: Sequence[str]) -> list[str]:
        """Put withdrawn assets back on offer; the ids that were withdrawn."""
        return self.set_withdrawn(ids, False)

    def set_withdrawn(self, ids: Sequence[str], withdrawn: bool) -> list[str]:
        """:meth:`withdraw` or :meth:`restore`, as ``withdrawn`` says."""
        changed = self.repository.set_withdrawn(ids, withdrawn)
        if changed:
            self._forget(changed)
        return changed

    def clear_caches(self) -> None:
        """Forget every cached record: the store was replaced underneath (emulator reset)."""
        self._cache.clear()
        self.repository.clear_caches()
        for listener in self._listeners:
            listener()

    def _forget(self, ids: Iterable[str]) -> None:
        for asset_id in ids:
            self._cache.discard(asset_id)
        for listener in self._listeners:
            listener()
