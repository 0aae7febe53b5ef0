"""An asset as one JSON object: what ``photobank assets show`` and ``export`` write.

Fields carry the v3 API's names and values (they are projected by the v3
skin's own projection), plus the asset's ``status`` and, for an asset
ingested from a file, that file's ``path`` and ``content_hash``. Every name is
one an ingest manifest reads (:mod:`photobank.ingest.manifest`), so an export
is a manifest: ``photobank ingest --manifest`` loads it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.fragments import FragmentCache
from photobank.api.v3.projection import project
from photobank.api.v3.projection_context import ProjectionContext, iso
from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.ingest.drafts import SourceFile
from photobank.ingest.sources import source_files

# After its id and type, in the order a reader expects: what it says, where it stands.
_FIELDS = FieldPlan(
    (
        "asset_family", "title", "caption", "artist", "artist_title",
        "credit_line", "copyright", "object_name", "collection_code", "collection_id",
        "collection_name", "license_model", "product_types", "keywords", "people", "city",
        "state_province", "country", "date_created", "date_submitted", "max_dimensions",
        "orientation", "graphical_style", "color_type", "editorial_segments", "event_ids",
        "quality_rank", "call_for_image", "allowed_use", "referral_destinations",
    ),
    (),
)  # fmt: skip


class AssetRecords:
    """Records of the catalog's assets, with what the store knows of their files."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._context = ProjectionContext(
            reference=services.catalog.reference(),
            base_url="",
            urls=services.media_urls,
            cache=FragmentCache(0),  # each record is projected once
        )

    def record(self, asset: Asset, source: SourceFile | None) -> dict[str, Any]:
        document: dict[str, Any] = {"id": asset.id, "asset_type": asset.asset_type}
        document.update(project(asset, _FIELDS, self._context))
        document["license_model"] = asset.license_model  # a video's too ("rightsready" in v3)
        document["status"] = "withdrawn" if asset.withdrawn else "active"
        document["withdrawn_at"] = iso(asset.withdrawn_at)
        if source is not None:
            document["path"] = source.path
            document["content_hash"] = source.content_hash
        return document

    def everything(self) -> Iterator[dict[str, Any]]:
        """The record of every asset, withdrawn ones too, in id order."""
        for batch in self._services.catalog.repository.iter_assets():
            sources = source_files(self._services.engine, [a.id for a in batch])
            for asset in batch:
                yield self.record(asset, sources.get(asset.id))
