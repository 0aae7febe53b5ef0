"""Upload rules: what is read, what is refused, which URLs name an upload."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from photobank.errors import InvalidParameter
from photobank.visual.uploads import decode_upload, upload_name


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
