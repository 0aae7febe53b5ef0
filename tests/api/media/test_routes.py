"""Display renditions over HTTP: what an ``<img src>`` from a search response gets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import numpy as np
import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from photobank.api.media.routes import DisplayEndpoint
from photobank.api.v3.errors import handle_domain_error
from photobank.composition import Services
from photobank.errors import DomainError
from photobank.media.hot import HotObjects
from photobank.media.urls import DISPLAY_SIZES, fit
from tests.api.media.support import BASE, display_path, jpeg, path_of, small_assets
from tests.conftest import ContractClient


@pytest.fixture(scope="module")
def preview(services: Services) -> str:
    return display_path(services, small_assets(services, "creative")[0], "preview", True)


@pytest.fixture(scope="module")
def streamed(services: Services) -> TestClient:
    """The display route without a memory tier: every body is read from its file."""
    endpoint = DisplayEndpoint(services, HotObjects(0))
    app = Starlette(
        routes=[Route("/media/display/{size}/{asset_id}.jpg", endpoint, methods=["GET"])],
        exception_handlers={DomainError: handle_domain_error},
    )
    return TestClient(app, base_url=BASE)


@pytest.fixture(params=["memory", "file"])
def media(request: pytest.FixtureRequest, anonymous: ContractClient, streamed: TestClient) -> Any:
    return anonymous if request.param == "memory" else streamed


def test_display_uris_from_a_search_load_as_jpegs_of_the_right_size(
    client: ContractClient, anonymous: ContractClient
) -> None:
    params = {"phrase": "city", "fields": "id,max_dimensions,display_set", "page_size": 50}
    images = client.get("/v3/search/images/creative", params=params).json()["images"]
    smallest = sorted(images, key=lambda i: i["max_dimensions"]["width"])[:2]
    for image in smallest:
        dimensions = image["max_dimensions"]
        assert [d["name"] for d in image["display_sizes"]] == ["comp", "preview", "thumb"]
        for display in image["display_sizes"]:
            response = anonymous.get(path_of(display["uri"]))  # no Api-Key: an <img src>
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "image/jpeg"
            assert int(response.headers["content-length"]) == len(response.content)
            side = DISPLAY_SIZES[display["name"]].long_side
            expected = fit(dimensions["width"], dimensions["height"], side)
            assert jpeg(response.content).size == expected


def test_watermarked_and_clean_previews_differ_visibly(
    anonymous: ContractClient, services: Services
) -> None:
    asset = small_assets(services, "creative")[0]
    marked = jpeg(anonymous.get(display_path(services, asset, "preview", True)).content)
    clean = jpeg(anonymous.get(display_path(services, asset, "preview", False)).content)
    assert marked.size == clean.size
    difference = np.abs(np.asarray(marked, int) - np.asarray(clean, int)).max(axis=2)
    assert (difference > 40).mean() > 0.03


@pytest.mark.parametrize(
    ("mangle", "status"),
    [
        (lambda p: p.replace("sig=", "sig=x"), 403),  # tampered signature
        (lambda p: p.split("&sig=")[0], 403),  # no signature
        (lambda p: p.replace("wm=1", "wm=0"), 403),  # asking for the clean copy
        (lambda p: p.replace("wm=1", "wm=yes"), 403),
        (lambda p: p.replace("/preview/", "/comp/"), 403),  # a larger size, same signature
        (lambda p: p.replace("/preview/", "/original/"), 404),
        (lambda p: p.replace("/preview/", "/huge/"), 404),
        (lambda p: p.replace(".jpg", ".png"), 404),
    ],
)
def test_tampered_or_unknown_display_urls_are_refused(
    anonymous: ContractClient, preview: str, mangle: object, status: int
) -> None:
    response = anonymous.get(mangle(preview))  # type: ignore[operator]
    assert response.status_code == status
    body = response.json()
    assert body["ErrorCode"] and len(body["ErrorMessage"]) > 20


def test_an_unknown_image_with_a_valid_signature_is_404(
    anonymous: ContractClient, services: Services
) -> None:
    path = path_of(services.media_urls.display("http://x", "999999999", "thumb", False))
    response = anonymous.get(path)
    assert response.status_code == 404 and response.json()["ErrorCode"] == "ImageNotFound"


def test_originals_are_never_served_through_display_urls(
    anonymous: ContractClient, services: Services
) -> None:
    asset = small_assets(services, "editorial")[0]
    original = services.renditions.download(asset, "original")
    with services.media_storage.open(original.stored.key) as reader:
        original_bytes = reader.read()
    for size in DISPLAY_SIZES:
        for watermarked in (True, False):
            body = anonymous.get(display_path(services, asset, size, watermarked)).content
            assert body != original_bytes and jpeg(body).size <= (asset.width, asset.height)
    for sneaky in (
        f"/media/display/original/{asset.id}.jpg",
        f"/media/display/comp/..%2F..%2F{original.stored.key.replace('/', '%2F')}",
        f"/media/{original.stored.key}",
        f"/media/display/comp/{asset.id}.jpg/../../{original.stored.key}",
    ):
        assert anonymous.get(sneaky).status_code in (403, 404)


def test_validators_and_conditional_requests(anonymous: ContractClient, preview: str) -> None:
    first = anonymous.get(preview)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert "immutable" in first.headers["cache-control"]
    assert anonymous.get(preview).headers["etag"] == etag  # stable
    not_modified = anonymous.get(preview, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    listed = anonymous.get(preview, headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    changed = anonymous.get(preview, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == first.content
    assert anonymous.get(preview, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)
    assert anonymous.get(preview, headers={"If-Modified-Since": earlier}).status_code == 200
    bad_date = anonymous.get(preview, headers={"If-Modified-Since": "yesterday"})
    assert bad_date.status_code == 200
    later = datetime.now(UTC) + timedelta(days=1)
    both = {"If-None-Match": '"x"', "If-Modified-Since": format_datetime(later, usegmt=True)}
    assert anonymous.get(preview, headers=both).status_code == 200  # If-None-Match decides


def test_byte_ranges(media: TestClient, preview: str) -> None:
    anonymous = media
    whole = anonymous.get(preview).content
    size = len(whole)
    assert anonymous.get(preview).headers["accept-ranges"] == "bytes"
    first = anonymous.get(preview, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206 and first.content == whole[:100]
    assert first.headers["content-range"] == f"bytes 0-99/{size}"
    assert first.headers["content-length"] == "100"
    tail = anonymous.get(preview, headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.content == whole[-50:]
    rest = anonymous.get(preview, headers={"Range": f"bytes={size - 10}-"})
    assert rest.content == whole[-10:] and rest.headers["content-range"].endswith(f"/{size}")
    beyond = anonymous.get(preview, headers={"Range": f"bytes=100-{size * 2}"})
    assert beyond.status_code == 206 and beyond.content == whole[100:]
    for unsatisfiable in (f"bytes={size}-", f"bytes={size + 5}-{size + 9}", "bytes=-0"):
        refused = anonymous.get(preview, headers={"Range": unsatisfiable})
        assert refused.status_code == 416, unsatisfiable
        assert refused.headers["content-range"] == f"bytes */{size}"
    for ignored in ("bytes=0-1,5-9", "items=0-5", "bytes=9-2", "bytes=a-b", "bytes=-"):
        full = anonymous.get(preview, headers={"Range": ignored})
        assert full.status_code == 200 and full.content == whole, ignored
    etag = anonymous.get(preview).headers["etag"]
    matching = anonymous.get(preview, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert matching.status_code == 206
    stale = anonymous.get(preview, headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert stale.status_code == 200 and stale.content == whole


def test_head_sends_the_headers_alone(anonymous: ContractClient, preview: str) -> None:
    get = anonymous.get(preview)
    head = anonymous.head(preview)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["etag"] == get.headers["etag"]
    wrong = anonymous.post(preview)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET, HEAD"


def test_a_deleted_rendition_file_is_made_again(streamed: TestClient, services: Services) -> None:
    asset = small_assets(services, "creative")[1]
    path = display_path(services, asset, "comp", False)
    first = streamed.get(path)
    stored = services.renditions.cached(asset.id, "comp", False)
    assert stored is not None
    services.media_storage.delete(stored.stored.key)
    again = streamed.get(path)
    assert again.status_code == 200 and again.content == first.content
    assert services.media_storage.exists(stored.stored.key)


def test_a_removed_image_is_gone_from_display_urls_at_once(
    anonymous: ContractClient, services: Services
) -> None:
    copy = replace(small_assets(services, "creative")[2], id="987654321")
    services.catalog.save_assets([copy])
    path = display_path(services, copy, "thumb", False)
    try:
        assert anonymous.get(path).status_code == 200
        assert anonymous.get(path).status_code == 200  # now answered from memory
    finally:
        services.catalog.delete_assets([copy.id])
    assert anonymous.get(path).status_code == 404
