"""The media URL scheme: signed display and clip URLs, download sizes, scaling."""

from __future__ import annotations

from dataclasses import replace

import pytest

from photobank.media.signing import Signer
from photobank.media.urls import DISPLAY_SIZES, MediaUrls, download_sizes, fit
from tests.search.conftest import make_asset

BASE = "https://bank.test"
URLS = MediaUrls(Signer(b"k" * 32))


def test_a_display_url_carries_its_flag_and_verifies_only_as_written() -> None:
    url = URLS.display(BASE, "12345", "comp", True)
    assert url.startswith(f"{BASE}/media/display/comp/12345.jpg?wm=1&sig=")
    signature = url.rpartition("sig=")[2]
    assert URLS.verify("12345", "comp", "1", signature)
    for asset_id, size, flag in (("12346", "comp", "1"), ("12345", "high_res_comp", "1"),
                                 ("12345", "comp", "0")):  # fmt: skip
        assert not URLS.verify(asset_id, size, flag, signature)


def test_a_clip_url_is_signed_apart_from_display_urls() -> None:
    url = URLS.clip(BASE, "12345", False)
    assert url.startswith(f"{BASE}/media/clips/12345.mp4?wm=0&sig=")
    signature = url.rpartition("sig=")[2]
    assert URLS.verify_clip("12345", "0", signature)
    assert not URLS.verify_clip("12345", "1", signature)
    assert not URLS.verify("12345", "preview", "0", signature)


def test_only_thumbs_are_clean_by_default() -> None:
    assert {name: size.watermarked for name, size in DISPLAY_SIZES.items()} == {
        "thumb": False,
        "preview": True,
        "comp": True,
        "high_res_comp": True,
    }


@pytest.mark.parametrize(
    ("size", "side", "fitted"),
    [
        ((4000, 3000), 1024, (1024, 768)),
        ((3000, 4000), 500, (375, 500)),
        ((800, 600), 1024, (800, 600)),  # never scaled up
        ((800, 600), None, (800, 600)),
        ((5000, 2), 500, (500, 1)),  # never below one pixel
    ],
)
def test_fit_scales_the_long_side_down(
    size: tuple[int, int], side: int | None, fitted: tuple[int, int]
) -> None:
    assert fit(*size, side) == fitted


def test_an_image_is_offered_in_the_steps_below_its_size_then_the_original() -> None:
    asset = make_asset("12345", "Harbour", width=3000, height=2000, file_types=("jpg",))
    sizes = download_sizes(asset)
    assert [(s.name, s.width, s.height) for s in sizes] == [
        ("small", 500, 333),
        ("medium", 1024, 683),
        ("large", 2048, 1365),
        ("original", 3000, 2000),
    ]
    assert all(s.media_type == "image/jpeg" and s.bytes > 0 for s in sizes)
    assert [s.bytes for s in sizes] == sorted(s.bytes for s in sizes)
    vector = download_sizes(replace(asset, file_types=("jpg", "eps")))[-1]
    assert (vector.name, vector.media_type) == ("vector", "application/postscript")


def test_download_urls_name_the_asset_kind_and_the_query() -> None:
    asset = make_asset("12345", "Harbour")
    assert URLS.download(BASE, asset) == f"{BASE}/v3/downloads/images/{asset.id}"
    assert URLS.download(BASE, asset, product_type="easy access", height="500") == (
        f"{BASE}/v3/downloads/images/{asset.id}?product_type=easy%20access&height=500"
    )
