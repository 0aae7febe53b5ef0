"""Renditions: content-addressed, made once, never larger than the original."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pytest
from PIL import Image

from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.config import MIB
from photobank.errors import NotFound
from photobank.media import imaging
from photobank.media.originals import OriginalStore
from photobank.media.renditions import Renditions
from photobank.media.s3 import S3Storage
from photobank.media.storage import LocalStorage
from photobank.media.urls import download_sizes
from tests.media.conftest import s3_settings

MAKE = "photobank.media.renditions.scaled_jpeg"


def _asset(asset_id: str = "123456789", width: int = 1200, height: int = 800) -> Asset:
    when = datetime(2021, 5, 1, tzinfo=UTC)
    return Asset(
        id=asset_id, asset_type="image", asset_family="creative", title="t", caption="",
        collection_id=41, license_model="royaltyfree", width=width, height=height,
        date_created=when, date_submitted=when, dominant_color="3a6ea5",
    )  # fmt: skip


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path)


@pytest.fixture
def renditions(storage: LocalStorage) -> Renditions:
    return Renditions(storage, OriginalStore(storage, Reference), MIB)


def _image(storage: LocalStorage, key: str) -> Image.Image:
    with storage.open(key) as reader:
        image = Image.open(io.BytesIO(reader.read()))
        image.load()
        return image


def test_display_sizes_are_scaled_down_never_up(
    renditions: Renditions, storage: LocalStorage
) -> None:
    asset = _asset()
    sizes = {
        name: _image(storage, renditions.display(asset, name, False).stored.key).size
        for name in ("thumb", "preview", "comp", "high_res_comp")
    }
    assert sizes == {
        "thumb": (170, 113),
        "preview": (612, 408),
        "comp": (1024, 683),
        "high_res_comp": (1200, 800),  # the original is smaller than 2048
    }


def test_the_key_follows_size_watermark_and_original(
    renditions: Renditions, storage: LocalStorage
) -> None:
    asset = _asset()
    marked = renditions.display(asset, "preview", True)
    clean = renditions.display(asset, "preview", False)
    comp = renditions.display(asset, "comp", True)
    assert len({marked.tag, clean.tag, comp.tag}) == 3
    assert renditions.display(asset, "preview", True) == marked
    assert renditions.cached(asset.id, "preview", True) == marked
    # A replaced original (new version) yields new renditions under new keys.
    original_key = OriginalStore(storage, Reference).key_for(asset.id)
    storage.put_bytes(original_key, _jpeg(1200, 800, (200, 30, 30)))
    renditions.clear_caches()
    assert renditions.cached(asset.id, "preview", True) is None
    fresh = renditions.display(asset, "preview", True)
    assert fresh.tag != marked.tag and storage.exists(marked.stored.key)


def test_watermarked_and_clean_renditions_differ_visibly(
    renditions: Renditions, storage: LocalStorage
) -> None:
    asset = _asset()
    marked = np.asarray(_image(storage, renditions.display(asset, "comp", True).stored.key))
    clean = np.asarray(_image(storage, renditions.display(asset, "comp", False).stored.key))
    difference = np.abs(marked.astype(int) - clean.astype(int)).max(axis=2)
    assert (difference > 40).mean() > 0.03  # the mark covers a good part of the frame
    assert np.median(difference) < 8  # and leaves the picture recognisable


def test_concurrent_first_requests_make_one_rendition(
    renditions: Renditions, storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = imaging.scaled_jpeg
    calls: list[int | None] = []
    gate = threading.Event()

    def slow(source: BinaryIO, long_side: int | None, watermark: bool) -> bytes:
        calls.append(long_side)
        gate.wait(2)
        return real(source, long_side, watermark)

    monkeypatch.setattr(MAKE, slow)
    asset = _asset()
    renditions.display(asset, "thumb", False)  # the original exists before the race
    calls.clear()
    results = []

    def request() -> None:
        results.append(renditions.display(asset, "comp", True))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()
    assert calls == [1024]
    assert len(results) == 8 and len({r.tag for r in results}) == 1
    folder = storage.root / Path(results[0].stored.key).parent
    assert [p.name for p in folder.iterdir()] == [f"{results[0].tag}.jpg"]


def test_download_sizes_have_the_promised_dimensions(
    renditions: Renditions, storage: LocalStorage
) -> None:
    asset = _asset(width=2400, height=1600)
    for size in download_sizes(asset):
        rendition = renditions.download(asset, size.name)
        assert _image(storage, rendition.stored.key).size == (size.width, size.height)
    original = renditions.download(asset, "original")
    assert original.stored.key.startswith("originals/")


def test_sizes_an_asset_is_not_offered_in_are_not_found(renditions: Renditions) -> None:
    asset = _asset(width=900, height=600)
    for name in ("large", "x_large", "vector", "huge"):
        with pytest.raises(NotFound):
            renditions.download(asset, name)
    vector = replace(asset, file_types=("eps", "jpg"))
    assert renditions.download(vector, "vector").stored.key.startswith("originals/")


def test_greyscale_and_small_originals(renditions: Renditions, storage: LocalStorage) -> None:
    asset = _asset(width=120, height=90)
    key = OriginalStore(storage, Reference).key_for(asset.id)
    grey = io.BytesIO()
    Image.new("L", (120, 90), 128).save(grey, format="JPEG")
    storage.put_bytes(key, grey.getvalue())
    image = _image(storage, renditions.display(asset, "comp", True).stored.key)
    assert image.mode == "RGB" and image.size == (120, 90)


def _jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


def test_an_original_replaced_while_read_gives_the_new_ones_rendition(
    s3_endpoint: str, s3_media_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On S3 a reader of a replaced object fails rather than splice two versions: the
    rendition is then made from the original stored now, never a 500 for the client."""
    bucket = S3Storage.from_settings(s3_settings(s3_endpoint, s3_media_url))
    originals = OriginalStore(bucket, Reference)
    asset = _asset()
    originals.put(asset.id, _jpeg(1200, 800, (200, 30, 30)))
    real = imaging.scaled_jpeg
    calls: list[int | None] = []

    def replaced_meanwhile(source: BinaryIO, long_side: int | None, watermark: bool) -> bytes:
        calls.append(long_side)
        if len(calls) == 1:
            originals.put(asset.id, _jpeg(1200, 800, (30, 30, 200)))  # a new ingest, another node
            source.seek(10)
            source.read(1)  # a ranged GET of the version being read: gone
        return real(source, long_side, watermark)

    monkeypatch.setattr(MAKE, replaced_meanwhile)
    rendition = Renditions(bucket, originals, MIB).display(asset, "thumb", False)
    assert len(calls) == 2
    with bucket.open(rendition.stored.key) as reader:
        pixels = np.asarray(Image.open(reader).convert("RGB"))
    red, _green, blue = pixels[10, 10]
    assert blue > 150 and red < 80  # the new original's colour
