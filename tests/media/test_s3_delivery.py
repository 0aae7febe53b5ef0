"""A library whose media live in S3 (moto's real server): files ingested, found, licensed
and delivered whole, streamed through photobank or redirected to the store."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from photobank.media.s3 import S3Storage
from photobank.media.storage import MediaStorage
from tests.ingest.conftest import Library
from tests.ingest.conftest import library as library  # the ingest tests' library, on S3
from tests.ingest.support import tagged_jpeg
from tests.ingest.test_videos import encode
from tests.media.conftest import s3_settings


@pytest.fixture(params=[False, True], ids=["streamed", "redirected"])
def redirect(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    s3_media_url: str,
) -> bool:
    """Media in the test bucket (the distributed run's own, when that run is on)."""
    monkeypatch.setenv("PHOTOBANK_MEDIA_URL", s3_media_url)
    monkeypatch.setenv("PHOTOBANK_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("PHOTOBANK_S3_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("PHOTOBANK_S3_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("PHOTOBANK_MEDIA_REDIRECT", "true" if request.param else "false")
    return bool(request.param)


@pytest.fixture
def on_s3(redirect: bool, library: Library) -> Iterator[Library]:
    assert isinstance(library.services.media_storage, S3Storage)
    yield library
    assert not (library.data_dir / "media").exists()  # nothing went to local files


def _delivered(library: Library, kind: str, asset_id: str, redirect: bool) -> httpx.Response:
    """The licensed file, from photobank or (redirected) from the store itself."""
    token = library.buyer_token()
    licence = library.client.post(
        f"/v3/downloads/{kind}/{asset_id}?auto_download=false",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert licence.status_code == 200, licence.text
    answer = library.client.get(licence.json()["uri"], follow_redirects=False)
    if not redirect:
        assert answer.status_code == 200, answer.text
        return answer
    assert answer.status_code == 302 and answer.headers["cache-control"] == "private, no-cache"
    head = library.client.head(licence.json()["uri"])  # answered here: URLs are signed for GET
    assert head.status_code == 200 and int(head.headers["content-length"]) > 0
    with httpx.Client() as outside:  # the client follows the store's URL, not photobank
        fetched = outside.get(answer.headers["location"])
    assert fetched.status_code == 200
    return fetched


def _stored(storage: MediaStorage, library: Library, asset_id: str) -> bytes:
    key = library.services.renditions._originals.key_for(asset_id)
    with storage.open(key) as reader:
        return reader.read()


def test_an_image_is_ingested_found_licensed_and_delivered(
    on_s3: Library, redirect: bool, tmp_path: Path
) -> None:
    photo = tagged_jpeg(tmp_path / "in" / "harbour.jpg")
    ((_, asset_id),) = on_s3.ingest(photo).added
    found = on_s3.client.get("/v3/search/images?phrase=lighthouse")
    assert [image["id"] for image in found.json()["images"]] == [asset_id]
    assert _stored(on_s3.services.media_storage, on_s3, asset_id) == photo.read_bytes()
    delivered = _delivered(on_s3, "images", asset_id, redirect)
    assert delivered.headers["content-disposition"] == (
        f"attachment; filename=GettyImages-{asset_id}.jpg"
    )
    if redirect:  # the stored file itself
        assert delivered.content == photo.read_bytes()
    else:  # its pixels, the licence written into its head
        assert _pixels(delivered.content) == _pixels(photo.read_bytes())
        assert b"Buyer Buyer" in delivered.content


def test_a_video_is_delivered_as_ingested(on_s3: Library, redirect: bool, tmp_path: Path) -> None:
    clip = encode(tmp_path / "in" / "harbour.mp4")
    ((_, asset_id),) = on_s3.ingest(clip).added
    delivered = _delivered(on_s3, "videos", asset_id, redirect)
    assert delivered.headers["content-type"] == "video/mp4"
    if redirect:
        assert delivered.content == clip.read_bytes()
    else:  # the licence's XMP box after the untouched file
        assert delivered.content.startswith(clip.read_bytes())
        part = on_s3.client.get(_delivery_uri(on_s3, asset_id), headers={"Range": "bytes=100-199"})
        assert part.status_code == 206 and part.content == clip.read_bytes()[100:200]


def test_a_preview_and_display_sizes_come_from_the_store(
    on_s3: Library, redirect: bool, tmp_path: Path
) -> None:
    ((_, asset_id),) = on_s3.ingest(tagged_jpeg(tmp_path / "in" / "harbour.jpg")).added
    image = on_s3.client.get(f"/v3/images/{asset_id}?fields=display_set").json()["images"][0]
    uri = next(d["uri"] for d in image["display_sizes"] if d["name"] == "comp")
    shown = on_s3.client.get(uri)
    assert shown.status_code == 200 and Image.open(io.BytesIO(shown.content)).format == "JPEG"
    again = on_s3.client.get(uri, headers={"If-None-Match": shown.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("redirect", [False], indirect=True)
def test_a_file_gone_from_the_store_is_a_404_not_a_500(
    on_s3: Library, redirect: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another node deletes the file between photobank finding it and reading it."""
    clip = encode(tmp_path / "in" / "harbour.mp4")
    ((_, asset_id),) = on_s3.ingest(clip).added
    storage = on_s3.services.media_storage
    uri = _delivery_uri(on_s3, asset_id)
    real_open = storage.open

    def deleted_first(key: str) -> Any:
        storage.delete(key)
        return real_open(key)

    monkeypatch.setattr(storage, "open", deleted_first)
    answer = on_s3.client.get(uri)
    assert answer.status_code == 404
    assert answer.json()["ErrorCode"] == "VideoNotFound"
    assert "media store" in answer.json()["ErrorMessage"]


@pytest.mark.parametrize("redirect", [False], indirect=True)
def test_a_store_out_of_reach_is_a_503_and_not_ready(
    on_s3: Library, redirect: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ((_, asset_id),) = on_s3.ingest(tagged_jpeg(tmp_path / "in" / "harbour.jpg")).added
    uri = _delivery_uri(on_s3, asset_id, "images")
    dead = S3Storage.from_settings(s3_settings("http://127.0.0.1:9", "s3://media"))
    monkeypatch.setattr(on_s3.services.media_storage, "_client", dead._client)
    answer = on_s3.client.get(uri)
    assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
    assert answer.json()["ErrorCode"] == "MediaStoreUnavailable"
    ready = on_s3.client.get("/ready")
    assert ready.status_code == 503 and "unreachable" in ready.json()["failed"]["media"]


def _delivery_uri(library: Library, asset_id: str, kind: str = "videos") -> str:
    token = library.buyer_token("second")
    licence = library.client.post(
        f"/v3/downloads/{kind}/{asset_id}?auto_download=false",
        headers={"Authorization": f"Bearer {token}"},
    )
    uri: str = licence.json()["uri"]
    return uri


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()
