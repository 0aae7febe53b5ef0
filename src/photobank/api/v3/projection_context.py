"""What every v3 projector works with: the caller's context, the projector type, ``iso``.

A leaf module, so that the video fields (:mod:`.video_projection`) need nothing
of the projector that includes them (:mod:`.projection`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from photobank.api.v3.fields import FieldPlan
from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.licensing.entitlements import Entitlements
from photobank.media.policy import DEFAULT_WATERMARKS, Watermarks
from photobank.media.urls import MediaUrls


class DocumentCache(Protocol):
    """Where projected documents are kept (:class:`.projection.ProjectionCache`)."""

    def project(self, asset: Asset, plan: FieldPlan, ctx: ProjectionContext) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class ProjectionContext:
    reference: Reference
    base_url: str
    urls: MediaUrls
    cache: DocumentCache
    watermarks: Watermarks = DEFAULT_WATERMARKS  # the caller's display-size decisions
    entitlements: Entitlements | None = None  # the signed-in customer's usable products

    def project(self, asset: Asset, plan: FieldPlan) -> dict[str, Any]:
        return self.cache.project(asset, plan, self)


# One field of a document: its value for an asset, as this context shows it.
Projector = Callable[[Asset, ProjectionContext], Any]


def iso(value: datetime | None) -> str | None:
    """Getty's timestamp format: ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None
