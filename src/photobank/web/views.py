"""What the templates show of assets and products, built from domain values only.

Display URLs come from :func:`photobank.media.viewers.display_url` with the
viewer's watermark decisions, exactly as the API skins build them; sizes from
:func:`photobank.media.urls.fit`, so ``width``/``height`` attributes match
the renditions served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.licensing.models import Product
from photobank.licensing.offers import offers
from photobank.media.blurhashes import painted_blurhash
from photobank.media.urls import DISPLAY_SIZES, DownloadSize, MediaUrls, download_sizes, fit
from photobank.media.viewers import Viewer, display_url

# Links are relative to this server: pages work behind any host name or proxy.
_BASE = ""


@dataclass(frozen=True, slots=True)
class Picture:
    """An ``<img>``: the fallback ``src`` and its size, ``srcset`` of larger renditions."""

    src: str
    srcset: str
    width: int
    height: int
    watermarked: bool


def picture(urls: MediaUrls, viewer: Viewer, asset: Asset, sizes: tuple[str, ...]) -> Picture:
    """``asset`` in display ``sizes`` (smallest first; the first is the fallback)."""
    candidates = []
    for size in sizes:
        width, height = fit(asset.width, asset.height, DISPLAY_SIZES[size].long_side)
        url = display_url(urls, _BASE, asset.id, asset.asset_family, size, viewer.watermarks)
        candidates.append((url, width, height))
    src, width, height = candidates[0]
    srcset = ", ".join(f"{url} {w}w" for url, w, _ in candidates)
    watermarked = viewer.watermarks.watermarked(asset.asset_family, sizes[-1])
    return Picture(src, srcset, width, height, watermarked)


@dataclass(frozen=True, slots=True)
class Tile:
    id: str
    title: str
    color: str
    image: Picture
    blurhash_uri: str  # a data: URI painting the blurhash, shown while the image loads; or ""


def tiles(urls: MediaUrls, viewer: Viewer, assets: list[Asset]) -> list[Tile]:
    found = []
    for asset in assets:
        image = picture(urls, viewer, asset, ("thumb", "preview"))
        hashed = ""
        if asset.blurhash:
            hashed = painted_blurhash(asset.blurhash, image.width, image.height)
        found.append(Tile(asset.id, asset.title, f"#{asset.dominant_color}", image, hashed))
    return found


@dataclass(frozen=True, slots=True)
class Detail:
    """The asset page's facts, each ``None`` when the catalog does not know it."""

    keywords: list[tuple[str, str]]  # (text, search URL)
    date: str
    location: str | None
    collection: str | None
    people: list[str]


def detail(asset: Asset, reference: Reference) -> Detail:
    keywords = [
        (k.text, "/search?" + urlencode({"phrase": k.text}))
        for k, _relevance in reference.keywords_of(asset)
    ]
    location = reference.locations.get(asset.location_id or -1)
    collection = reference.collections.get(asset.collection_id)
    return Detail(
        keywords=keywords,
        date=_date(asset.date_camera_shot or asset.date_created),
        location=location.name if location else None,
        collection=collection.name if collection else None,
        people=[p.name for i in asset.people_ids if (p := reference.people.get(i))],
    )


def _date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True, slots=True)
class ProductChoice:
    id: int
    name: str
    remaining: str


@dataclass(frozen=True, slots=True)
class SizeChoice:
    value: str  # what the licence form sends: an image's height, a video's size name
    label: str


def product_choices(asset: Asset, viewer: Viewer, now: datetime) -> list[ProductChoice]:
    """The signed-in viewer's products that would pay for ``asset``, the default first."""
    return [
        ProductChoice(o.product.id, o.product.agreement_name, remaining(o.product, now))
        for o in offers(asset, viewer.entitlements)
        if o.product is not None
    ]


def remaining(product: Product, now: datetime) -> str:
    """What is left of ``product``, as a sentence fragment."""
    if product.type == "creditpack":
        return f"{product.credits_remaining or 0} credits left"
    left = product.remaining_at(now)
    if left is None:
        return "unlimited downloads"
    period = f" this {product.limit_duration}" if product.limit_duration else ""
    text = f"{left} of {product.download_limit} downloads left{period}"
    if left == 0 and product.overage_remaining_at(now) > 0:
        text += f", then {product.overage_remaining_at(now)} over the limit"
    return text


def size_choices(asset: Asset) -> list[SizeChoice]:
    """The sizes ``asset`` can be licensed at, smallest first: an image's JPEGs, each of
    a video's formats."""
    if asset.video is not None:
        return [
            SizeChoice(s.name, f"{s.name.upper()} · {s.width} \u00d7 {s.height} · {_kind(s)}")
            for s in download_sizes(asset)
        ]
    return [
        SizeChoice(str(s.height), f"{size_label(s.name)} · {s.width} \u00d7 {s.height} px")
        for s in download_sizes(asset)
        if s.media_type == "image/jpeg"
    ]


def _kind(size: DownloadSize) -> str:
    return size.media_type.removeprefix("video/").replace("quicktime", "mov").upper()


@dataclass(frozen=True, slots=True)
class Clip:
    """A video's preview clip, played over its poster frame."""

    src: str
    poster: str
    width: int
    height: int
    watermarked: bool


def clip(urls: MediaUrls, viewer: Viewer, asset: Asset) -> Clip | None:
    """``asset``'s preview clip as the viewer may see it; None for an image."""
    if asset.video is None:
        return None
    watermarked = viewer.watermarks.watermarked(asset.asset_family, "preview")
    still = picture(urls, viewer, asset, ("comp",))
    src = urls.clip(_BASE, asset.id, watermarked)
    return Clip(src, still.src, still.width, still.height, watermarked)


def size_label(name: str) -> str:
    return name.replace("_", " ").capitalize()
