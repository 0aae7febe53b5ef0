"""Projection of catalog assets onto v3 wire documents (Getty's snake_case names)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from photobank.api.v3.aliases import PROPERTY_ALIASES, Alias, rendition
from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection_context import ProjectionContext, Projector, iso
from photobank.api.v3.video_projection import (
    VIDEO_PROJECTORS,
    video_display_size,
    video_download_sizes,
)
from photobank.catalog.model import Asset
from photobank.licensing.models import istock_prices
from photobank.licensing.offers import download_product_type, offers
from photobank.media.urls import download_sizes


def _collection(field: str) -> Projector:
    def project(asset: Asset, ctx: ProjectionContext) -> Any:
        collection = ctx.reference.collections.get(asset.collection_id)
        return getattr(collection, field) if collection else None

    return project


def _location(field: str) -> Projector:
    def project(asset: Asset, ctx: ProjectionContext) -> Any:
        location = ctx.reference.locations.get(asset.location_id or -1)
        return getattr(location, field) if location else None

    return project


def _attribute(field: str) -> Projector:
    def project(asset: Asset, _ctx: ProjectionContext) -> Any:
        value = getattr(asset, field)
        return list(value) if isinstance(value, tuple) else value

    return project


def _keywords(asset: Asset, ctx: ProjectionContext) -> list[dict[str, Any]]:
    return [
        {
            "keyword_id": str(keyword.id),
            "text": keyword.text,
            "type": keyword.type,
            "relevance": relevance,
            "entity_types": [],
            "entity_uris": [],
        }
        for keyword, relevance in ctx.reference.keywords_of(asset)
    ]


def _people(asset: Asset, ctx: ProjectionContext) -> list[str]:
    return [p.name for i in asset.people_ids if (p := ctx.reference.people.get(i))]


def _entity_details(asset: Asset, ctx: ProjectionContext) -> list[dict[str, Any]]:
    return [
        {"entity_id": str(p.id), "entity_type": "Person", "name": p.name}
        for i in asset.people_ids
        if (p := ctx.reference.people.get(i))
    ]


def _allowed_use(asset: Asset, _ctx: ProjectionContext) -> dict[str, Any]:
    use = asset.allowed_use
    return {
        "how_can_i_use_it": use.how_can_i_use_it,
        "release_info": use.release_info,
        "usage_restrictions": list(use.usage_restrictions),
    }


def _download_sizes(asset: Asset, _ctx: ProjectionContext) -> list[dict[str, Any]]:
    if asset.video is not None:
        return video_download_sizes(asset)
    return [
        {
            "name": s.name,
            "width": s.width,
            "height": s.height,
            "media_type": s.media_type,
            "bytes": s.bytes,
        }
        for s in download_sizes(asset)
    ]


def _downloads(asset: Asset, ctx: ProjectionContext) -> list[dict[str, Any]]:
    """Download sizes with the hypermedia link that licenses each one."""
    sizes = _download_sizes(asset, ctx)
    for size in sizes:
        chosen = {"size": size["name"]} if asset.video else {"height": str(size["height"])}
        size["uri"] = ctx.urls.download(ctx.base_url, asset, **chosen)
    return sizes


def _largest_downloads(asset: Asset, ctx: ProjectionContext) -> list[dict[str, Any]]:
    """One entry per licensing offer: the signed-in customer's products that may
    license the asset, else the product types that could."""
    documents = []
    for offer in offers(asset, ctx.entitlements):
        product, product_type = offer.product, offer.product_type
        if product is None:
            uri = ctx.urls.download(ctx.base_url, asset, product_type=product_type)
        else:
            uri = ctx.urls.download(ctx.base_url, asset, product_id=str(product.id))
        documents.append(
            {
                "agreement_name": product.agreement_name if product else None,
                "product_id": str(product.id) if product else None,
                "product_type": product_type,
                "uri": uri,
            }
        )
    return documents


def _istock_licenses(asset: Asset, _ctx: ProjectionContext) -> list[dict[str, Any]]:
    """The credit prices of an iStock image's standard and extended licences."""
    return [
        {"credits": credits, "license_type": name.title()}
        for name, credits in istock_prices(asset).items()
    ]


_PROJECTORS: dict[str, Projector] = {
    "allowed_use": _allowed_use,
    "alternative_ids": lambda a, _: dict(a.alternative_ids) or None,
    "city": _location("city"),
    "country": _location("country"),
    "state_province": _location("state_province"),
    "collection_code": _collection("code"),
    "collection_id": _collection("id"),
    "collection_name": _collection("name"),
    "date_camera_shot": lambda a, _: iso(a.date_camera_shot),
    "date_created": lambda a, _: iso(a.date_created),
    "date_submitted": lambda a, _: iso(a.date_submitted),
    "download_product": lambda a, ctx: download_product_type(a, ctx.entitlements),
    "download_sizes": _download_sizes,
    "downloads": _downloads,
    "editorial_source": lambda a, _: (
        {"id": a.editorial_source_id} if a.editorial_source_id is not None else None
    ),
    "entity_details": _entity_details,
    "istock_licenses": _istock_licenses,
    "keywords": _keywords,
    "largest_downloads": _largest_downloads,
    "links": lambda a, ctx: [
        {"rel": "self", "uri": f"{ctx.base_url}/v3/{a.asset_type}s/{quote(a.id)}"}
    ],
    "max_dimensions": lambda a, _: {"height": a.height, "width": a.width},
    "people": _people,
    "referral_destinations": lambda a, _: [
        {"site_name": d.site_name, "uri": d.uri} for d in a.referral_destinations
    ],
    # photobank extensions, only when named in `fields` (see fields.EXTENSION_FIELDS)
    "blurhash": lambda a, _: a.blurhash,
    "dominant_color": lambda a, _: f"#{a.dominant_color}",
    "uri_oembed": lambda a, ctx: (
        f"{ctx.base_url}/oembed?url=http%3a%2f%2fgty.im%2f{quote(a.id)}&caller=photobank"
    ),
}
_PLAIN = (
    "id", "artist", "artist_title", "asset_family", "call_for_image", "caption", "color_type",
    "copyright", "credit_line", "editorial_segments", "event_ids", "graphical_style",
    "istock_collection", "license_model", "object_name", "orientation", "product_types",
    "quality_rank", "title",
)  # fmt: skip
_PROJECTORS.update({name: _attribute(name) for name in _PLAIN})
_PROJECTORS.update(VIDEO_PROJECTORS)
# Getty names a video's rights-managed licence "rightsready".
_PROJECTORS["license_model"] = lambda a, _: (
    "rightsready" if a.video and a.license_model == "rightsmanaged" else a.license_model
)


def _earlier(alias: Alias) -> Projector:
    """A renamed field under its earlier name, read off the current field."""
    current, read = _PROJECTORS[alias.current], alias.read
    assert read is not None  # a property alias

    def project(asset: Asset, ctx: ProjectionContext) -> Any:
        return read(current(asset, ctx))

    return project


_PROJECTORS.update({alias.earlier: _earlier(alias) for alias in PROPERTY_ALIASES})


def project(asset: Asset, plan: FieldPlan, ctx: ProjectionContext) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for name in plan.properties:
        if name == "display_sizes":
            document[name] = [_display_size(asset, size, ctx) for size in plan.display_sizes]
        else:
            document[name] = _PROJECTORS[name](asset, ctx)
    return document


def _display_size(asset: Asset, name: str, ctx: ProjectionContext) -> dict[str, Any]:
    """A display size under the name asked for (an earlier name shows its rendition)."""
    size = rendition(name)
    if asset.video is not None:
        document = video_display_size(asset, size, ctx)
        document["name"] = name
        return document
    watermarked = ctx.watermarks.watermarked(asset.asset_family, size)
    return {
        "is_watermarked": watermarked,
        "name": name,
        "uri": ctx.urls.display(ctx.base_url, asset.id, size, watermarked),
    }
