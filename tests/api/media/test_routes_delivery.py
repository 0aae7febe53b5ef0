"""Signed delivery URLs over HTTP: the licensed file, or a clear 403."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.media.urls import download_sizes
from tests.api.media.support import BASE, jpeg, path_of, small_assets
from tests.conftest import ContractClient

CUSTOMER = 17


@pytest.fixture(scope="module")
def asset(services: Services) -> Asset:
    return small_assets(services, "creative")[0]


def _url(services: Services, asset: Asset, size: str = "original") -> str:
    return path_of(services.delivery_urls.url(BASE, asset.id, size, CUSTOMER))


def test_the_original_is_delivered_unwatermarked_with_download_headers(
    anonymous: ContractClient, services: Services, asset: Asset
) -> None:
    response = anonymous.get(_url(services, asset))
    assert response.status_code == 200, response.text
    original = services.renditions.download(asset, "original").stored
    with services.media_storage.open(original.key) as reader:  # its pixels, metadata added
        assert jpeg(response.content).tobytes() == jpeg(reader.read()).tobytes()
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-disposition"] == (
        f"attachment; filename=GettyImages-{asset.id}.jpg"
    )
    assert int(response.headers["content-length"]) == len(response.content)
    assert jpeg(response.content).size == (asset.width, asset.height)
    head = anonymous.head(_url(services, asset))
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == response.headers["content-length"]
    part = anonymous.get(_url(services, asset), headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == response.content[10:20]


def test_a_licensed_size_is_delivered_at_its_dimensions(
    anonymous: ContractClient, services: Services, asset: Asset
) -> None:
    small = next(s for s in download_sizes(asset) if s.name == "small")
    response = anonymous.get(_url(services, asset, "small"))
    assert response.status_code == 200
    assert jpeg(response.content).size == (small.width, small.height)
    assert "GettyImages-" in response.headers["content-disposition"]


def test_a_tampered_url_is_refused(
    anonymous: ContractClient, services: Services, asset: Asset
) -> None:
    good = _url(services, asset)
    for bad in (
        good.replace("s=", "s=A"),
        good.replace(f"c={CUSTOMER}", "c=18"),
        good.replace("/original", "/small"),
        good.split("&s=")[0],
        good.replace("e=", "e=9"),
    ):
        response = anonymous.get(bad)
        assert response.status_code == 403, bad
        assert "not valid" in response.json()["ErrorMessage"]


@pytest.fixture
def later(clock: ManualClock) -> Iterator[ManualClock]:
    start = clock.now()
    yield clock
    clock.set(start)


def test_an_expired_url_is_refused(
    anonymous: ContractClient, services: Services, asset: Asset, later: ManualClock
) -> None:
    url = _url(services, asset)
    later.advance(timedelta(hours=23, minutes=59))
    assert anonymous.get(url).status_code == 200
    later.advance(timedelta(minutes=2))
    response = anonymous.get(url)
    assert response.status_code == 403
    assert "expired" in response.json()["ErrorMessage"]


def test_sizes_not_offered_and_unknown_images_are_404(
    anonymous: ContractClient, services: Services, asset: Asset
) -> None:
    assert anonymous.get(_url(services, asset, "x_large")).status_code == 404
    assert anonymous.get(_url(services, asset, "vector")).status_code == 404
    unknown = path_of(services.delivery_urls.url(BASE, "999999999", "original", CUSTOMER))
    assert anonymous.get(unknown).json()["ErrorCode"] == "ImageNotFound"


def test_vector_art_is_delivered_as_its_jpeg(anonymous: ContractClient, services: Services) -> None:
    vector = next(
        a
        for batch in services.catalog.repository.iter_assets()
        for a in batch
        if "eps" in a.file_types and a.megapixels < 6
    )
    response = anonymous.get(_url(services, vector, "vector"), headers={"Range": "bytes=0-1"})
    assert response.status_code == 206 and response.content == b"\xff\xd8"  # a JPEG
    assert "JPEG" in response.headers["x-photobank-note"]
