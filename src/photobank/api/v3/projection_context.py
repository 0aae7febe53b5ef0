"""What every v3 projector works with: the caller's context, the projector type, ``iso``.

A leaf module, so that the video fields (:mod:`.video_projection`) need nothing
of the projector that includes them (:mod:`.projection`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import orjson

from photobank.api.v3.fields import FieldPlan
from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.licensing.entitlements import Entitlements
from photobank.media.policy import DEFAULT_WATERMARKS, Watermarks
from photobank.media.urls import MediaUrls


class DocumentCache(Protocol):
    """Where encoded documents are kept (:class:`.fragments.FragmentCache`)."""

    generation: int

    def encoded(
        self, assets: Iterable[Asset], plan: FieldPlan, ctx: ProjectionContext
    ) -> list[bytes]: ...

    def of_ids(
        self,
        ids: list[str],
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
        kind: str | None = None,
    ) -> dict[str, bytes]: ...

    async def read_of_ids(
        self,
        ids: list[str],
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
        must_wait: Callable[[list[str]], bool],
        kind: str | None = None,
    ) -> dict[str, bytes]: ...


@dataclass(frozen=True, slots=True)
class ProjectionContext:
    reference: Reference
    base_url: str
    urls: MediaUrls
    cache: DocumentCache
    watermarks: Watermarks = DEFAULT_WATERMARKS  # the caller's display-size decisions
    entitlements: Entitlements | None = None  # the signed-in customer's usable products
    generation: int = 0  # the cache's generation when the assets were about to be read

    def items(self, assets: Iterable[Asset], plan: FieldPlan) -> list[orjson.Fragment]:
        """Each asset's document, encoded, for ``orjson.dumps`` to copy into an answer."""
        return [orjson.Fragment(data) for data in self.cache.encoded(assets, plan, self)]

    def items_of(
        self,
        ids: list[str],
        plan: FieldPlan,
        load: Callable[[list[str]], Mapping[str, Asset]],
        kind: str | None = None,
    ) -> dict[str, orjson.Fragment]:
        """The documents of those of ``ids`` on offer, by id in order, encoded; ``load``
        reads the assets of those not kept encoded (:meth:`.FragmentCache.of_ids`)."""
        kept = self.cache.of_ids(ids, plan, self, load, kind)
        return {asset_id: orjson.Fragment(data) for asset_id, data in kept.items()}

    def project(self, asset: Asset, plan: FieldPlan) -> dict[str, Any]:
        """``asset``'s document as a (fresh) dict, for answers that take parts of it."""
        document: dict[str, Any] = orjson.loads(self.cache.encoded((asset,), plan, self)[0])
        return document


# One field of a document: its value for an asset, as this context shows it.
Projector = Callable[[Asset, ProjectionContext], Any]


def iso(value: datetime | None) -> str | None:
    """Getty's timestamp format: ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None
