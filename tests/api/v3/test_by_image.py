"""Search by image over HTTP: uploads, ranking, expiry and mistakes."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image

from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.demo.pixels import render_image
from tests.api.media.support import display_path
from tests.conftest import ContractClient

IMAGES = "/v3/search/images/creative/by-image"
VIDEOS = "/v3/search/videos/creative/by-image"
UPLOADS = "/v3/search/by-image/uploads"
_NAMES = itertools.count()


def _searchable(services: Services, asset_type: str, count: int) -> list[Asset]:
    """Small creative assets every by-image search may return (no nudity)."""
    found = [
        a
        for batch in services.catalog.repository.iter_assets()
        for a in batch
        if a.asset_type == asset_type and a.asset_family == "creative" and not a.nudity
    ]
    return sorted(found, key=lambda a: (a.megapixels, a.id))[:count]


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


def _upload(client: ContractClient, data: bytes, name: str | None = None) -> str:
    name = name or f"query-{next(_NAMES)}.jpg"
    response = client.put(f"{UPLOADS}/{name}", content=data, headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 200, response.text
    url: str = response.json()
    assert url == f"http://photobank.test{UPLOADS}/{name}" == response.headers["location"]
    return url


def _ids(client: ContractClient, path: str, kind: str = "images", **params: Any) -> list[str]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()[kind]]


def test_an_assets_own_thumbnail_finds_it_first(
    client: ContractClient, anonymous: ContractClient, services: Services
) -> None:
    for asset in _searchable(services, "image", 4):
        thumb = anonymous.get(display_path(services, asset, "thumb", False)).content
        url = _upload(client, thumb)
        assert _ids(client, IMAGES, image_url=url, page_size=5)[0] == asset.id


def test_a_resized_recompressed_copy_still_ranks_its_asset_near_the_top(
    client: ContractClient, anonymous: ContractClient, services: Services
) -> None:
    for asset in _searchable(services, "image", 3):
        preview = Image.open(
            io.BytesIO(anonymous.get(display_path(services, asset, "preview", False)).content)
        )
        edited = preview.resize((preview.width * 2 // 3, preview.height * 2 // 3))
        url = _upload(client, _jpeg(edited, quality=30))
        assert asset.id in _ids(client, IMAGES, image_url=url, page_size=5)


def test_videos_are_ranked_by_their_poster_frame(
    client: ContractClient, services: Services
) -> None:
    reference = services.catalog.reference()
    for video in _searchable(services, "video", 2):
        poster = render_image(video, reference)
        poster.thumbnail((320, 320))
        url = _upload(client, _jpeg(poster))
        assert _ids(client, VIDEOS, "videos", image_url=url, page_size=3)[0] == video.id
    # Whatever the catalog holds, the operation answers a valid page of videos only.
    url = _upload(client, _jpeg(Image.new("RGB", (64, 36), (30, 90, 160))))
    body = client.get(VIDEOS, params={"image_url": url, "fields": "id,title"}).json()
    videos = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert len(videos) == len(body["videos"]) <= body["result_count"]
    assert all(a.asset_type == "video" for a in videos.values())


def test_results_page_facet_and_filter_like_a_search(
    client: ContractClient, anonymous: ContractClient, services: Services
) -> None:
    asset = _searchable(services, "image", 1)[0]
    url = _upload(client, anonymous.get(display_path(services, asset, "thumb", False)).content)
    first = client.get(
        IMAGES,
        params={
            "image_url": url,
            "page_size": 10,
            "include_facets": "true",
            "fields": "id,title,asset_family",
        },
    ).json()
    assert 10 < first["result_count"] <= 1000
    assert set(first["facets"]) == {"artists", "locations"}
    assert all(set(i) == {"id", "title", "asset_family"} for i in first["images"])
    assert {i["asset_family"] for i in first["images"]} == {"creative"}
    second = _ids(client, IMAGES, image_url=url, page=2, page_size=10)
    assert len(second) == 10 and not set(second) & {i["id"] for i in first["images"]}
    kept = _ids(client, IMAGES, image_url=url, exclude_editorial_use_only="true", page_size=100)
    assert not any(a.editorial_use_only for a in services.catalog.get_assets(kept).values())
    packs = _ids(client, IMAGES, image_url=url, product_types="imagepack", page_size=100)
    assert all("imagepack" in a.product_types for a in services.catalog.get_assets(packs).values())


def test_searching_by_a_catalog_asset_id_leaves_the_asset_out(
    client: ContractClient, services: Services
) -> None:
    asset = _searchable(services, "image", 1)[0]
    found = _ids(client, IMAGES, asset_id=asset.id, page_size=20)
    assert found and asset.id not in found
    missing = client.get(IMAGES, params={"asset_id": "999999999"})
    assert missing.status_code == 404 and missing.json()["code"] == "AssetNotFound"


def test_uploads_expire(client: ContractClient, services: Services, clock: ManualClock) -> None:
    url = _upload(client, _jpeg(Image.new("RGB", (64, 48), (200, 40, 40))))
    assert client.get(IMAGES, params={"image_url": url}).status_code == 200
    started = clock.now()
    try:
        clock.advance(timedelta(seconds=services.settings.visual_upload_ttl - 1))
        assert client.get(IMAGES, params={"image_url": url}).status_code == 200
        clock.advance(timedelta(seconds=1))
        expired = client.get(IMAGES, params={"image_url": url})
        assert expired.status_code == 404 and expired.json()["code"] == "AssetNotFound"
    finally:
        clock.set(started)


def test_an_unknown_upload_or_another_clients_upload_is_not_found(
    client: ContractClient, anonymous: ContractClient, services: Services
) -> None:
    unknown = client.get(IMAGES, params={"image_url": f"http://photobank.test{UPLOADS}/never.jpg"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "AssetNotFound"
    url = _upload(client, _jpeg(Image.new("RGB", (64, 48), (20, 40, 200))), "mine.jpg")
    other, _secret = services.accounts.create_client(f"by-image other {next(_NAMES)}")
    theirs = anonymous.get(IMAGES, params={"image_url": url}, headers={"Api-Key": other.api_key})
    assert theirs.status_code == 404 and theirs.json()["code"] == "AssetNotFound"


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(out, format="GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "named"),
    [
        ("notes.jpg", b"not an image at all", "not a readable JPEG or PNG"),
        ("empty.jpg", b"", "empty"),
        ("anim.gif", _gif(), "JPEG or PNG"),
        ("huge.jpg", b"\xff" * (10 * 1024 * 1024 + 1), "10 MB"),
        (".hidden.jpg", b"x", "file-name"),
        ("a%20b.jpg", b"x", "file-name"),
    ],
)
def test_bad_uploads_are_refused_with_the_reason(
    client: ContractClient, name: str, data: bytes, named: str
) -> None:
    response = client.put(f"{UPLOADS}/{name}", content=data)
    assert response.status_code == 400
    assert named in response.json()["message"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "image_url"),
        ({"image_url": "https://example.com/cat.jpg"}, "image_url"),
        ({"image_url": f"{UPLOADS}/a.jpg", "asset_id": "100000001"}, "image_url"),
        ({"asset_id": "1", "product_types": "everything"}, "product_types"),
        ({"asset_id": "1", "page_size": "101"}, "page_size"),
        ({"asset_id": "1", "fields": "nope"}, "fields"),
    ],
)
def test_bad_search_parameters_are_refused_by_name(
    client: ContractClient, params: dict[str, str], named: str
) -> None:
    response = client.get(IMAGES, params=params)
    assert response.status_code == 400
    assert named in response.json()["message"]
