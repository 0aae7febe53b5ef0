"""Ingesting folders of image files: what ``photobank ingest`` runs.

A file is known by its content hash: a file whose hash the catalog holds is
unchanged (wherever it now lies), a known path with another hash updates the
asset it made, anything else is a new asset. Files are read and measured in
worker processes, in path order, and written in batches through the
:class:`~photobank.ingest.writer.AssetWriter`; ids are allocated in that
order, so a run killed and run again ends as one clean run would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from typing import Any

from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.ingest.collector import older_objects_set_aside
from photobank.ingest.drafts import (
    Draft,
    SourceFile,
)
from photobank.ingest.file_drafts import draft_of_file
from photobank.ingest.files import MB, Failed, Read, Unchanged, read_file
from photobank.ingest.manifest import Manifest, ManifestRow, RowError
from photobank.ingest.options import IngestOptions
from photobank.ingest.overrides import drawn, overridden, restated
from photobank.ingest.sources import all_sources
from photobank.ingest.turns import Waiting, ingest_turn
from photobank.ingest.workers import worker_pool
from photobank.ingest.writer import AssetWriter

_BATCH_FILES = 32  # files written per transaction, at most (copied from disk, not held)
_BATCH_BYTES = 64 * MB  # ... and bytes of originals held (two batches are: one being written)
_BATCH_DRAFTS = 1_000  # drafts per transaction, at most (rows without a file are small)
_BATCH_SECONDS = 3.0  # ... or as many as were taken in this long (a batch costs ~30 ms)


@dataclass
class IngestReport:
    added: list[tuple[str, str]] = field(default_factory=list)  # (path, asset id)
    updated: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": [{"path": p, "id": i} for p, i in self.added],
            "updated": [{"path": p, "id": i} for p, i in self.updated],
            "unchanged": self.unchanged,
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
        }


class FolderIngest:
    def __init__(self, services: Services, options: IngestOptions) -> None:
        self._services = services
        self._options = options

    def run(
        self,
        files: list[str],
        advance: Callable[[], object] = lambda: None,
        manifest: Manifest | None = None,
        names: Mapping[str, str] | None = None,
        *,
        wait: float | None = None,
        waiting: Waiting = lambda: None,
    ) -> IngestReport:
        """Ingest ``files`` (see :func:`~photobank.ingest.files.find_files`) and what
        ``manifest`` names; ``advance`` is called once a file or row; ``names``: the
        name a file is known and reported by, where not its path (an upload's
        ``uploads/<name>``, the same on every node). Assets with no file are stored
        first and their drawn pictures measured after (blurhash, signature):
        searchable and licensable at once (in a run of ``ingest_index_at_end`` or
        more, searchable once all are stored), found by image a little later. Runs over
        one catalog take turns (:mod:`~photobank.ingest.turns`): ``waiting`` is called
        once if another run holds the turn, which this one waits ``wait`` seconds for
        at most (None: as long as it takes; then :class:`~photobank.ingest.turns.IngestBusy`)."""
        manifest = manifest or Manifest()
        workers = self._options.workers
        pool: Any = worker_pool(workers) if workers > 1 else nullcontext(None)
        turn = ingest_turn(self._services.engine, self._services.settings.data_dir, wait, waiting)
        aside = older_objects_set_aside()
        with turn, aside, pool as executor, ThreadPoolExecutor(1, "ingest-writer") as saver:
            writer = AssetWriter(
                self._services.catalog,
                self._services.media_storage,
                self._services.settings.new_collection_products,
                executor=executor,
                drawn_later=True,
            )
            run = _Run(self, writer, self._known(), saver, names or {})
            paths = sorted({*files, *manifest.rows_by_path})
            hashes = [_known_hash(run.known, run.name(path)) for path in paths]
            at_end = self._services.settings.ingest_index_at_end
            large = len(paths) + len(manifest.bare_rows) >= at_end
            with self._services.search.held_sync() if large else nullcontext():
                for result in self._read(executor, paths, hashes):
                    advance()
                    run.take_file(result, manifest.row_for(result.path, _hash_of(result)))
                for rows in _chunks(manifest.bare_rows, 500):
                    run.take_rows(rows, advance)
                run.flush()
                run.wait()
            if not self._options.dry_run:
                writer.measure_drawn()
        return run.report

    def _known(self) -> _Known:
        sources = all_sources(self._services.engine)
        return _Known(
            sources,
            {s.path: i for i, s in sources.items() if s.path},
            {s.content_hash: i for i, s in sources.items() if s.content_hash},
        )

    def _read(
        self, executor: Executor | None, files: list[str], hashes: list[str | None]
    ) -> Iterator[Read | Unchanged | Failed]:
        limit = self._services.settings.ingest_max_file_size * MB
        if executor is None:
            yield from map(read_file, files, hashes, repeat(limit))
        else:
            yield from _in_order(executor, self._options.workers, files, hashes, limit)

    @property
    def options(self) -> IngestOptions:
        return self._options

    def stored(self, ids: list[str]) -> dict[str, Asset]:
        return self._services.catalog.get_kept(ids)  # withdrawn ones are updated too

    def now(self) -> datetime:
        return self._services.clock.now().replace(microsecond=0)

    def draft(self, image: Read, asset_id: str, name: str = "") -> Draft:
        """What the file says about itself, as a draft of the asset ``asset_id`` (or a new
        one); ``name``: the file's, where not its path."""
        return draft_of_file(image, asset_id, name or image.path, self._options, self.now())


_Batch = list[tuple[Draft, str, bool]]  # draft, label, whether it updates an asset


@dataclass(frozen=True, slots=True)
class _Known:
    """What earlier runs ingested: each asset's source, and its id by path and by hash."""

    sources: dict[str, SourceFile]
    by_path: dict[str, str]
    by_hash: dict[str, str]

    def digest(self, asset_id: str) -> str | None:
        source = self.sources.get(asset_id)
        return source.manifest_digest if source is not None else None


class _Run:
    """One run's decisions, file by file and row by row, written in batches.

    A batch is written by ``saver`` (one thread) while the next is read and
    measured: the writes' waits (fsync, commits) overlap the decoding. Batches
    are written one at a time, in order, so ids and the report are as one
    thread would make them."""

    def __init__(
        self,
        ingest: FolderIngest,
        writer: AssetWriter,
        known: _Known,
        saver: Executor,
        names: Mapping[str, str],
    ) -> None:
        self._ingest = ingest
        self._names = names
        self._writer = writer
        self.known = known
        self.report = IngestReport()
        self._saver = saver
        self._saving: Future[tuple[_Batch, list[Asset]]] | None = None
        self._seen = set(known.by_hash)
        self._batch: _Batch = []
        self._files = 0  # drafts in the batch that hold their original
        self._bytes = 0  # bytes of originals the batch holds
        self._started = 0.0  # when the batch's first draft was taken

    def name(self, path: str) -> str:
        """What the file at ``path`` is known by."""
        return self._names.get(path, path)

    def take_file(self, result: Read | Unchanged | Failed, row: ManifestRow | None) -> None:
        path, known = self.name(result.path), self.known
        if isinstance(result, Failed):
            self.report.failed.append(Failed(path, result.reason))
            return
        asset_id = known.by_path.get(path) or known.by_hash.get(result.content_hash, "")
        if isinstance(result, Read) and result.content_hash not in self._seen:
            self._seen.add(result.content_hash)
            asset_id = known.by_path.get(path, "")
            if row is not None and row.asset_id and asset_id and row.asset_id != asset_id:
                reason = f"id: this file was ingested as {asset_id}; an asset's id cannot change"
                self.report.failed.append(Failed(row.where, reason))
                row = None
            draft = self._ingest.draft(result, asset_id, path)
            self._add(overridden(draft, row), path, bool(asset_id))
        elif row is not None and asset_id and known.digest(asset_id) != row.digest:
            stored = self._ingest.stored([asset_id]).get(asset_id)
            if stored is None:
                self.report.failed.append(Failed(row.where, f"asset {asset_id} is gone"))
            else:
                self._add(restated(stored, known.sources.get(asset_id), row), path, True)
        else:
            self.report.unchanged.append(path)  # or a copy of a file already taken

    def take_rows(self, rows: list[ManifestRow], advance: Callable[[], object]) -> None:
        """Rows naming no file: a stored asset restated, or a new one drawn."""
        self.wait()  # what this run stored is there to restate
        stored = self._ingest.stored([row.asset_id for row in rows if row.asset_id])
        for row in rows:
            advance()
            asset_id = row.asset_id or ""
            if self.known.digest(asset_id) == row.digest:
                self.report.unchanged.append(row.where)
            elif asset_id in stored:
                self._add(restated(stored[asset_id], None, row), row.where, True)
            else:
                try:
                    draft = drawn(row, self._ingest.options.collection, self._ingest.now())
                except RowError as exc:
                    self.report.failed.append(Failed(row.where, str(exc)))
                    continue
                self._add(draft, row.where, False)

    def flush(self) -> None:
        """Hand the batch to the writer thread, once the one before is written."""
        if not self._batch:
            return
        batch, self._batch, self._files, self._bytes = self._batch, [], 0, 0
        self.wait()
        self._saving = self._saver.submit(self._save, batch)

    def wait(self) -> None:
        """Wait for the batch being written (its errors raise here) and report it."""
        if self._saving is None:
            return
        saving, self._saving = self._saving, None
        batch, assets = saving.result()
        for (_, label, updates), asset in zip(batch, assets, strict=True):
            (self.report.updated if updates else self.report.added).append((label, asset.id))

    def _save(self, batch: _Batch) -> tuple[_Batch, list[Asset]]:
        drafts = [draft for draft, _, _ in batch]
        dry_run = self._ingest.options.dry_run
        return batch, [d.asset for d in drafts] if dry_run else self._writer.save(drafts)

    def _add(self, draft: Draft, label: str, updates: bool) -> None:
        if not self._batch:
            self._started = time.monotonic()
        self._batch.append((draft, label, updates))
        self._files += draft.original is not None
        self._bytes += len(draft.original) if isinstance(draft.original, bytes) else 0
        full = self._files >= _BATCH_FILES or len(self._batch) >= _BATCH_DRAFTS
        full = full or self._bytes >= _BATCH_BYTES
        if full or time.monotonic() - self._started > _BATCH_SECONDS:
            self.flush()


def _known_hash(known: _Known, path: str) -> str | None:
    asset_id = known.by_path.get(path)
    return known.sources[asset_id].content_hash if asset_id else None


def _hash_of(result: Read | Unchanged | Failed) -> str:
    return "" if isinstance(result, Failed) else result.content_hash


def _chunks(rows: list[ManifestRow], size: int) -> Iterator[list[ManifestRow]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _in_order(
    executor: Executor, workers: int, files: list[str], hashes: list[str | None], limit: int
) -> Iterator[Read | Unchanged | Failed]:
    """Results in file order, a few files read ahead per worker (memory stays bounded)."""
    ahead = 4 * workers
    pending = []
    for path, known in zip(files, hashes, strict=True):
        pending.append(executor.submit(read_file, path, known, limit))
        if len(pending) >= ahead:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()
