"""What the media route tests share: small demo assets and URL handling."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from PIL import Image

from photobank.catalog.model import Asset
from photobank.composition import Services

BASE = "http://photobank.test"


def small_assets(services: Services, family: str, count: int = 3) -> list[Asset]:
    """Assets of ``family`` with originals under 1.5 MP (quick to draw), largest first."""
    found = [
        asset
        for batch in services.catalog.repository.iter_assets()
        for asset in batch
        if asset.asset_family == family and asset.megapixels < 1.5
    ]
    return sorted(found, key=lambda a: (-a.megapixels, a.id))[:count]


def path_of(uri: str) -> str:
    """The path and query of an absolute URI, for the in-process test client."""
    parts = urlsplit(uri)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def jpeg(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    image.load()
    return image


def display_path(services: Services, asset: Asset, size: str, watermarked: bool) -> str:
    return path_of(services.media_urls.display(BASE, asset.id, size, watermarked))
