"""Licensing records projected onto Getty's wire documents (Product, HistoricalDownload ...)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection_context import ProjectionContext, iso
from photobank.catalog.model import Asset
from photobank.licensing.models import DownloadRecord, Order, Product, Purchase

_THUMB = FieldPlan(("display_sizes", "id"), ("thumb",))
# The contract's product status has two values: an expired product reads inactive.
_STATUS = {"active": "active"}


def product_document(product: Product, now: datetime, requirements: bool) -> dict[str, Any]:
    """Getty's ``Product``: status and counts as the product reads at ``now``."""
    limited = product.download_limit is not None
    document: dict[str, Any] = {
        "id": product.id,
        "type": product.type,
        "name": product.name,
        "agreement_name": product.agreement_name,
        "application_website": product.application_website,
        "status": _STATUS.get(product.status_at(now), "inactive"),
        "download_limit": product.download_limit,
        "download_limit_duration": product.limit_duration if limited else None,
        "download_limit_reset_utc_date": iso(product.reset_at(now)),
        "downloads_remaining": product.remaining_at(now),
        "expiration_utc_date": iso(product.expires_at),
        "imagepack_resolution": product.imagepack_resolution,
        "credits_remaining": product.credits_remaining,
        "team_credits": product.team_credits,
    }
    if limited:  # OverageDetails is not nullable: products without a limit leave it out
        document["overage"] = _overage(product, now)
    if requirements:
        document["download_requirements"] = {
            "is_note_required": product.note_required,
            "is_project_code_required": product.project_code_required,
            "project_codes": list(product.project_codes),
        }
    return document


def _overage(product: Product, now: datetime) -> dict[str, Any]:
    return {
        "count": product.overage_used_at(now),
        "limit": product.overage_limit,
        "overages_reached": product.overages_reached_at(now),
        "remaining": product.overage_remaining_at(now),
    }


def thumb_uris(ctx: ProjectionContext, assets: Iterable[Asset]) -> dict[str, str]:
    """Each asset's thumb URI as search shows it to this caller (watermark decision included)."""
    return {asset.id: ctx.project(asset, _THUMB)["display_sizes"][0]["uri"] for asset in assets}


def download_document(record: DownloadRecord, thumb: str | None) -> dict[str, Any]:
    """Getty's ``HistoricalDownload``."""
    return {
        "id": record.asset_id,
        "asset_type": record.asset_type,
        "agreement_name": record.agreement_name,
        "date_downloaded": iso(record.downloaded_at),
        "dimensions": {"dpi": None, "height": record.height, "width": record.width},
        "download_details": {
            "download_notes": record.download_notes,
            "project_code": record.project_code,
        },
        "download_source": "api",
        "product_id": record.product_id,
        "product_type": record.product_type,
        "size_name": record.size_name,
        "thumb_uri": thumb,
        "user": {
            "username": record.username,
            "first_name": record.first_name,
            "middle_name": None,
            "last_name": record.last_name,
        },
    }


def purchase_document(purchase: Purchase, base_url: str, thumb: str | None) -> dict[str, Any]:
    """Getty's ``PreviousAssetPurchase``; ``download_uri`` re-downloads without a charge."""
    family = f"{purchase.asset_type}s"  # images | videos
    return {
        "asset_id": purchase.asset_id,
        "asset_type": purchase.asset_type,
        "date_purchased": iso(purchase.purchased_at),
        "download_uri": f"{base_url}/v3/downloads/{family}/{quote(purchase.asset_id)}",
        "file_size_in_bytes": str(purchase.bytes),
        "license_model": purchase.license_model,
        "order_id": str(purchase.order_id),
        "purchased_by": purchase.purchased_by,
        "size_name": purchase.size_name,
        "thumb_uri": thumb,
    }


def order_document(order: Order) -> dict[str, Any]:
    """Getty's ``OrderDetail``."""
    return {
        "id": str(order.id),
        "order_date": iso(order.created_at),
        "invoice_number": f"PB-{order.id:08d}",
        "end_client": None,
        "assets": [{"id": asset_id} for asset_id in order.asset_ids],
        "notes": {
            "licensee_name": order.licensee_name,
            "ordered_by": order.ordered_by,
            "project_title": order.project_code,
            "purchase_order_number": None,
        },
    }
