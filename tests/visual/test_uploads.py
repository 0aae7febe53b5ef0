"""Upload rules: what is read, what is refused, which URLs name an upload."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.errors import AssetNotFound, InvalidParameter
from photobank.visual import uploads
from photobank.visual.uploads import decode_upload, upload_name
from tests.deployment import deployed


def _encoded(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else 0).save(out, format=fmt)
    return out.getvalue()


def test_jpeg_and_png_uploads_are_read_alike() -> None:
    png = decode_upload(_encoded((300, 200), "PNG"))
    jpeg = decode_upload(_encoded((300, 200), "JPEG"))
    assert png.colours[:3] == bytes((10, 120, 200))
    assert png.phash == jpeg.phash
    assert max(abs(a - b) for a, b in zip(png.colours, jpeg.colours, strict=True)) <= 2


def test_a_picture_with_too_many_pixels_is_refused_before_decoding() -> None:
    with pytest.raises(InvalidParameter, match="too many pixels"):
        decode_upload(_encoded((12_000, 9_000), "PNG", mode="1"))


@pytest.mark.parametrize(
    "url",
    [
        "https://api.gettyimages.com/v3/search/by-image/uploads/my-test-image.jpg",
        "http://127.0.0.1:8080/v3/search/by-image/uploads/my-test-image.jpg",
        "/v3/search/by-image/uploads/my-test-image.jpg",
    ],
)
def test_an_upload_url_on_any_host_names_the_upload(url: str) -> None:
    assert upload_name(url) == "my-test-image.jpg"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/cat.jpg",
        "/v3/search/by-image/uploads/",
        "/v3/search/by-image/uploads/a/b",
    ],
)
def test_other_urls_are_refused_naming_image_url(url: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        upload_name(url)
    assert refused.value.parameter == "image_url"


def test_a_client_keeps_a_bounded_number_of_uploads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_PER_CLIENT", 3)
    clock = ManualClock()
    services = build_services(deployed(data_dir=tmp_path, hash_cost="fast"), clock)
    try:
        client, _ = services.accounts.create_client("uploader", api_key="uploader", secret="s")
        signature = decode_upload(_encoded((64, 64), "PNG"))
        for name in ("a", "b", "c", "d", "b"):  # "b" again: replaced, not counted twice
            services.uploads.put(client.id, name, signature)
            clock.advance(timedelta(seconds=1))
        for name in ("c", "d", "b"):
            assert services.uploads.get(client.id, name) == signature
        with pytest.raises(AssetNotFound):
            services.uploads.get(client.id, "a")
    finally:
        services.close()
