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
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from photobank.catalog.model import AllowedUse, Asset
from photobank.demo.sizes import orientation_of
from photobank.demo.vocab import CREATIVE_USE, EDITORIAL_USE
from photobank.ingest.drafts import CollectionMention, Draft, KeywordMention, Place, SourceFile
from photobank.ingest.files import Failed, ImageFile, Unchanged, read_image
from photobank.ingest.metadata import Embedded
from photobank.ingest.workers import worker_pool
from photobank.ingest.writer import AssetWriter
from photobank.services import Services
from photobank.store import tables as t

DEFAULT_COLLECTION = "LIBRARY"
_BATCH = 32  # files written per transaction, at most
_BATCH_SECONDS = 1.0  # ... or as many as were read in this long
_HEADS = ("none", "one", "two")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    collection: str = DEFAULT_COLLECTION
    family: str = "creative"
    license_model: str = ""  # empty: the collection's
    product_types: tuple[str, ...] = ()  # empty: the collection's
    workers: int = 1
    dry_run: bool = False


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
        self._writer = AssetWriter(
            services.catalog, services.media_storage, services.settings.new_collection_products
        )

    def run(self, files: list[str], advance: Callable[[], object] = lambda: None) -> IngestReport:
        """Ingest ``files`` (see :func:`~photobank.ingest.files.find_files`); ``advance``
        is called once a file."""
        report = IngestReport()
        by_path, by_hash = self._known()
        seen = set(by_hash)
        batch: list[tuple[Draft, bool]] = []
        started = time.monotonic()
        for result in self._read(files, by_path):
            advance()
            if isinstance(result, Failed):
                report.failed.append(result)
            elif isinstance(result, Unchanged) or result.content_hash in seen:
                report.unchanged.append(result.path)  # or a copy of a file already taken
            else:
                seen.add(result.content_hash)
                asset_id = by_path.get(result.path, ("", ""))[0]
                batch.append((self._draft(result, asset_id), bool(asset_id)))
            if len(batch) >= _BATCH or (batch and time.monotonic() - started > _BATCH_SECONDS):
                self._write(batch, report)
                batch, started = [], time.monotonic()
        self._write(batch, report)
        return report

    def _known(self) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
        """Files ingested before: (asset id, hash) by path, and asset id by hash."""
        table = t.ingested_files
        query = select(table.c.asset_id, table.c.source_path, table.c.content_hash)
        with self._services.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {p: (i, h) for i, p, h in rows}, {h: i for i, _, h in rows}

    def _read(
        self, files: list[str], by_path: dict[str, tuple[str, str]]
    ) -> Iterator[ImageFile | Unchanged | Failed]:
        hashes = [by_path.get(path, ("", None))[1] for path in files]
        workers = self._options.workers
        pool: Any = worker_pool(workers) if workers > 1 else nullcontext(None)
        with pool as executor:
            if executor is None:
                yield from map(read_image, files, hashes)
            else:
                yield from _in_order(executor, workers, files, hashes)

    def _write(self, batch: list[tuple[Draft, bool]], report: IngestReport) -> None:
        if not batch:
            return
        drafts = [draft for draft, _ in batch]
        assets = _as_drafted(drafts) if self._options.dry_run else self._writer.save(drafts)
        for (draft, known), asset in zip(batch, assets, strict=True):
            path = draft.source.path if draft.source else ""
            (report.updated if known else report.added).append((path, asset.id))

    def _draft(self, image: ImageFile, asset_id: str) -> Draft:
        """What the file says about itself, as a draft of the asset ``asset_id`` (or a new one)."""
        options, meta, pixels = self._options, image.embedded, image.pixels
        now = self._services.clock.now().replace(microsecond=0)
        modified = datetime.fromtimestamp(int(image.modified), UTC)
        editorial = options.family == "editorial"
        asset = Asset(
            id=asset_id,
            asset_type="image",
            asset_family=options.family,
            title=meta.headline or meta.object_name or Path(image.path).stem,
            caption=meta.caption,
            collection_id=0,
            license_model=options.license_model,
            width=pixels.width,
            height=pixels.height,
            date_created=meta.date_created or modified,
            date_submitted=now,
            date_camera_shot=meta.date_created,
            artist=meta.creator,
            artist_title=meta.creator_title,
            credit_line=meta.credit_line,
            copyright=meta.copyright,
            orientation=orientation_of(pixels.width, pixels.height),
            number_of_people=_HEADS[len(meta.people)] if len(meta.people) < 3 else "group",
            product_types=options.product_types,
            allowed_use=_allowed_use(meta, editorial),
            editorial_use_only=editorial,
            object_name=meta.object_name,
        )
        place = None
        if meta.country or meta.city or meta.state_province or meta.sublocation:
            place = Place(
                meta.country,
                meta.city or None,
                meta.state_province or None,
                meta.sublocation or None,
            )
        source = SourceFile(
            image.path,
            image.content_hash,
            len(image.data),
            meta.source,
            meta.camera_make,
            meta.camera_model,
            meta.latitude,
            meta.longitude,
        )
        return Draft(
            asset,
            collection=CollectionMention(options.collection),
            keywords=tuple(KeywordMention(k) for k in meta.keywords),
            people=meta.people,
            place=place,
            original=image.data,
            pixels=pixels,
            source=source,
        )


def _as_drafted(drafts: list[Draft]) -> list[Asset]:
    """A dry run's stand-in for the writer: the assets as drafted, nothing stored."""
    return [draft.asset for draft in drafts]


def _allowed_use(meta: Embedded, editorial: bool) -> AllowedUse:
    """Getty's release wording from the PLUS release statuses; instructions restrict use."""
    released = (meta.model_released, meta.property_released)
    if released == (True, True):
        info = "Model and property released"
    elif True in released:
        info = "Model released" if meta.model_released else "Property released"
    elif False in released:
        info = "Not released. More information"
    else:
        info = "No release required"
    restrictions = (meta.instructions,) if meta.instructions else ()
    return AllowedUse(EDITORIAL_USE if editorial else CREATIVE_USE, info, restrictions)


def _in_order(
    executor: Executor, workers: int, files: list[str], hashes: list[str | None]
) -> Iterator[ImageFile | Unchanged | Failed]:
    """Results in file order, a few files read ahead per worker (memory stays bounded)."""
    ahead = 4 * workers
    pending = []
    for path, known in zip(files, hashes, strict=True):
        pending.append(executor.submit(read_image, path, known))
        if len(pending) >= ahead:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()
