"""Catalog assets as legacy ``Image`` documents, and GetImageDetails.

``ApplicableProductOfferings`` lists the caller's usable products that cover the
image (empty for an anonymous session: "not downloadable by this user").
``MaxImageResolutionWidth/Height`` (spec §0.5, read only by plugins with
``parseInt``) are emitted as numeric strings. Unknown ids in GetImageDetails
are left out of ``Images`` and named in an ``ImageNotFound`` warning (§3.2).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import orjson

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import LegacyError, Outcome, format_date, strings
from photobank.api.legacy.offerings import offering_names
from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.media.urls import download_sizes

# Legacy spellings of the domain vocabulary.
FAMILIES = {"Creative": "creative", "Editorial": "editorial"}
STYLES = {"Photography": "photography", "Illustration": "illustration", "Vector": "vector"}
LICENSING = {"RoyaltyFree": "royaltyfree", "RightsManaged": "rightsmanaged"}
SEGMENTS = {
    "News": "news",
    "Sport": "sport",
    "Sports": "sport",
    "Entertainment": "entertainment",
    "Publicity": "publicity",
    "Royalty": "royalty",
    "Archival": "archival",
}
_WIRE_SEGMENT = {"sport": "Sport"} | {v: k for k, v in SEGMENTS.items() if k != "Sports"}
_WIRE = {v: k for k, v in (FAMILIES | STYLES | LICENSING).items()}
_COLOR = {"color": "Color", "black_and_white": "Black/White"}
_ORIENTATION = {"panoramic_horizontal": "Panoramic", "panoramic_vertical": "Panoramic"}
_DPI = 300
_OFFERINGS_KEY = b',"ApplicableProductOfferings":'
_NO_OFFERINGS = _OFFERINGS_KEY + b"[]}"


# Builds an asset's document for a caller (the part kept serialised).
Build = Callable[[Asset], dict[str, Any]]


def _head(document: dict[str, Any]) -> bytes:
    """``document`` as JSON, open at the end for one more field."""
    return orjson.dumps(document)[:-1]


def _offers_products(kind: tuple[Any, ...]) -> bool:
    return kind[0] in ("image", "detail")


def _closing(kind: tuple[Any, ...]) -> bytes:
    """What ends a kept document when the caller has no products to show."""
    return _NO_OFFERINGS if _offers_products(kind) else b"}"


class Projector:
    """Projects assets for one call: its base URL, its customer's products.

    A document is built once and kept serialised (:class:`.documents.DocumentCache`)
    without its closing brace: all of it depends only on the asset and on the
    caller's base URL and watermark decisions, but for an image's last field,
    ``ApplicableProductOfferings`` (the customer's products), appended per call.
    """

    def __init__(self, call: Call) -> None:
        self._call = call
        self._generation = call.images.generation  # before any asset is read
        self._reference: Reference = call.services.catalog.reference()
        self._entitlements = call.entitlements
        self._watermarks = call.watermarks

    def images(self, ids: list[str], keywords: bool) -> list[orjson.Fragment]:
        """The image documents of those of ``ids`` on offer, in order (search hits)."""
        return self.documents(("image", keywords), ids, partial(self._image, keywords=keywords))

    def detail(self, asset: Asset) -> orjson.Fragment:
        return self._cached(("detail",), asset, self._detail)

    def documents(
        self,
        kind: tuple[Any, ...],
        ids: list[str],
        build: Build,
        asset_type: str | None = None,
    ) -> list[orjson.Fragment]:
        """The documents of those of ``ids`` on offer (and of ``asset_type``), in order: an
        asset is read only when its document is not kept (kept ones are dropped whenever
        the catalog changes) or the customer's products are matched against it. Only
        image documents (kinds ``image`` and ``detail``) end with the customer's products."""
        cache = self._call.images
        heads = [cache.get(self._key(kind, i)) for i in ids]
        entitled = self._entitlements is not None and _offers_products(kind)
        read = ids if entitled else [i for i, h in zip(ids, heads, strict=True) if h is None]
        assets = self._call.services.catalog.get_assets(read, asset_type) if read else {}
        documents = []
        for asset_id, head in zip(ids, heads, strict=True):
            if (asset := assets.get(asset_id)) is not None:
                documents.append(self._cached(kind, asset, build))
            elif head is not None and not entitled:
                documents.append(orjson.Fragment(head + _closing(kind)))
        return documents

    def _key(self, kind: tuple[Any, ...], asset_id: str) -> tuple[Any, ...]:
        # Only the display URLs' watermark flags and the base URL vary between
        # callers; the catalog empties the cache.
        return (*kind, asset_id, self._call.base_url, self._watermarks.mask)

    def _cached(self, kind: tuple[Any, ...], asset: Asset, build: Build) -> orjson.Fragment:
        """The caller-independent document, serialised once, plus the caller's products."""
        key = self._key(kind, asset.id)
        cache = self._call.images
        head = cache.get(key)
        if head is None:
            head = _head(build(asset))
            cache.put(key, head, self._generation)
        if self._entitlements is None or not _offers_products(kind):
            return orjson.Fragment(head + _closing(kind))
        names = offering_names(self._entitlements.for_asset(asset))
        return orjson.Fragment(head + _OFFERINGS_KEY + orjson.dumps(names) + b"}")

    def _image(self, asset: Asset, keywords: bool) -> dict[str, Any]:
        collection = self._reference.collections.get(asset.collection_id)
        urls = self._call.services.media_urls
        base = self._call.base_url

        def url(size: str, watermarked: bool | None = None) -> str:
            if watermarked is None:
                watermarked = self._watermarks.watermarked(asset.asset_family, size)
            return urls.display(base, asset.id, size, watermarked)

        return {
            "ImageId": asset.id,
            "Title": asset.title,
            "Caption": asset.caption,
            "Artist": asset.artist,
            "CollectionId": str(asset.collection_id),
            "CollectionName": collection.name if collection else "",
            "ColorType": _COLOR.get(asset.color_type, "Color"),
            "DateCreated": format_date(asset.date_created),
            "DateSubmitted": format_date(asset.date_submitted),
            "EditorialSegments": [_WIRE_SEGMENT[s] for s in asset.editorial_segments],
            "EditorialSourceId": str(asset.editorial_source_id or ""),
            "EditorialSourceName": "",
            "EventIds": list(asset.event_ids),
            "GraphicStyle": _WIRE.get(asset.graphical_style, "Photography"),
            "ImageFamily": _WIRE[asset.asset_family],
            "LicensingModel": _WIRE[asset.license_model],
            "Orientations": [_ORIENTATION.get(asset.orientation, asset.orientation.title())],
            "QualityRank": asset.quality_rank,
            "AuthorizationConstraints": ["CallForImage"] if asset.call_for_image else [],
            "ReferralDestinations": [
                {"SiteName": r.site_name, "Url": r.uri} for r in asset.referral_destinations
            ],
            "Keywords": self._keywords(asset) if keywords else [],
            "UrlComp": url("comp"),
            "UrlPreview": url("preview"),
            "UrlThumb": url("thumb", False),
            "UrlWatermarkComp": url("comp", True),
            "UrlWatermarkPreview": url("preview", True),
            "MaxImageResolutionWidth": str(asset.width),
            "MaxImageResolutionHeight": str(asset.height),
        }

    def _detail(self, asset: Asset) -> dict[str, Any]:
        document = self._image(asset, keywords=True)
        del document["Orientations"]
        location = self._reference.locations.get(asset.location_id or -1)
        document.update(
            ArtistTitle=asset.artist_title,
            City=(location.city or "") if location else "",
            StateProvince=(location.state_province or "") if location else "",
            Country=location.country if location else "",
            Copyright=asset.copyright,
            CreditLine=asset.credit_line,
            EventId=asset.event_ids[0] if asset.event_ids else None,
            ReleaseMessage=asset.allowed_use.release_info,
            Restrictions=list(asset.allowed_use.usage_restrictions),
            SizesDownloadableImages=[
                {
                    "FileSizeInBytes": size.bytes,
                    "InchesHeight": round(size.height / _DPI, 2),
                    "InchesWidth": round(size.width / _DPI, 2),
                    "PixelHeight": size.height,
                    "PixelWidth": size.width,
                    "ResolutionDpi": _DPI,
                    "SizeKey": size.name,
                }
                for size in download_sizes(asset)
            ],
        )
        return document

    def _keywords(self, asset: Asset) -> list[dict[str, str]]:
        return [
            {
                "Id": str(keyword.id),
                "Text": keyword.text,
                "Type": keyword.type,
                "VisualProminence": "High" if relevance >= 67 else "Medium",
            }
            for keyword, relevance in self._reference.keywords_of(asset)
        ]


def image_details_read(body: Any) -> tuple[str, ...]:
    """What GetImageDetails reads of its body: the answer depends on nothing else of it."""
    return tuple(strings(body, "ImageIds"))


def image_details(call: Call, body: Any) -> Outcome:
    ids = strings(body, "ImageIds")
    if not ids:
        raise LegacyError("MissingImageId", "Missing 'ImageIds': name at least one image.")
    found = call.services.catalog.get_assets(ids, asset_type="image")
    projector = Projector(call)
    outcome = Outcome({"Images": [projector.detail(found[i]) for i in ids if i in found]})
    missing = [i for i in ids if i not in found]
    if missing:
        outcome.warnings.append(("ImageNotFound", f"No image with id {', '.join(missing)}."))
    return outcome
