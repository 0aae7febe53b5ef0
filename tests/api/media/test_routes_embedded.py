"""Licensed downloads carry their licence in IPTC and XMP; display renditions carry
creator and copyright only. Read back with pyexiv2, as a customer's tools would."""

from __future__ import annotations

from typing import Any

import pyexiv2
import pytest

from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.ingest.metadata import read_embedded
from photobank.licensing.products import ProductTerms
from photobank.media.urls import download_sizes
from tests.api.legacy.support import call, session
from tests.api.media.support import BASE, display_path, jpeg, path_of, small_assets
from tests.conftest import ContractClient
from tests.shoppers import Shopper, new_customer, shopper

PREMIUM = ProductTerms("premiumaccess", download_limit=50)


@pytest.fixture(scope="module")
def assets(services: Services) -> list[Asset]:
    found = [a for a in small_assets(services, "creative", 6) if "premiumaccess" in a.product_types]
    assert len(found) >= 3 and all(a.artist and a.copyright for a in found)
    return found


@pytest.fixture
def buyer(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    return shopper(services, client, demo, PREMIUM)


def _xmp(data: bytes) -> dict[str, Any]:
    with pyexiv2.ImageData(data) as image:
        found: dict[str, Any] = image.read_xmp()
    return found


def _licensed_uri(client: ContractClient, who: Shopper, asset: Asset, height: int = 0) -> str:
    query = "auto_download=false" + (f"&height={height}" if height else "")
    response = client.post(f"/v3/downloads/images/{asset.id}?{query}", headers=who.headers)
    assert response.status_code == 200, response.text
    return path_of(response.json()["uri"])


def test_a_v3_download_carries_the_asset_and_its_licence(
    services: Services, client: ContractClient, buyer: Shopper, assets: list[Asset]
) -> None:
    asset = assets[0]
    licensed_at = services.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    response = client.get(_licensed_uri(client, buyer, asset))
    assert response.status_code == 200
    found = read_embedded(response.content)
    assert (found.headline, found.object_name, found.caption) == (
        asset.title,
        asset.title,
        asset.caption,
    )
    assert (found.creator, found.credit_line, found.copyright) == (
        asset.artist,
        asset.credit_line,
        asset.copyright,
    )
    xmp = _xmp(response.content)
    assert xmp["Xmp.dc.identifier"] == asset.id
    assert xmp["Xmp.plus.Licensee[1]/plus:LicenseeName"] == "Pat Buyer"
    assert xmp["Xmp.plus.Licensee[1]/plus:LicenseeID"] == str(buyer.customer.id)
    assert xmp["Xmp.plus.LicenseTransactionDate"] == licensed_at
    assert "(premiumaccess)" in xmp["Xmp.xmpRights.UsageTerms"]['lang="x-default"']
    order = xmp["Xmp.plus.LicenseID"]
    assert client.get(f"/v3/orders/{order}", headers=buyer.headers).status_code == 200
    statement = xmp["Xmp.xmpRights.WebStatement"]
    assert statement == f"{BASE}/licence/{asset.id}" and xmp["Xmp.xmpRights.Marked"] == "True"
    page = client.get(path_of(statement))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert asset.copyright in page.text and asset.artist in page.text
    assert client.get("/licence/999999999").status_code == 404


def test_every_size_is_stamped_and_keeps_its_pixels(
    services: Services, client: ContractClient, buyer: Shopper, assets: list[Asset]
) -> None:
    asset = assets[1]
    for size in download_sizes(asset):
        data = client.get(_licensed_uri(client, buyer, asset, size.height)).content
        assert _xmp(data)["Xmp.plus.Licensee[1]/plus:LicenseeName"] == "Pat Buyer", size.name
        stored = services.renditions.download(asset, size.name).stored
        with services.media_storage.open(stored.key) as reader:
            assert jpeg(data).tobytes() == jpeg(reader.read()).tobytes(), size.name


def test_ranges_lengths_and_etags_count_the_stamped_bytes(
    services: Services,
    client: ContractClient,
    demo: DemoCredentials,
    buyer: Shopper,
    assets: list[Asset],
) -> None:
    asset = assets[2]
    url = _licensed_uri(client, buyer, asset)
    whole = client.get(url)
    assert int(whole.headers["content-length"]) == len(whole.content)
    etag = whole.headers["etag"]
    for wanted, part in (("0-9", slice(0, 10)), ("1000-4999", slice(1000, 5000)), ("-300", None)):
        response = client.get(url, headers={"Range": f"bytes={wanted}", "If-Range": etag})
        expected = whole.content[part] if part else whole.content[-300:]
        assert (response.status_code, response.content) == (206, expected), wanted
        assert response.headers["content-range"].endswith(f"/{len(whole.content)}")
    head = client.head(url)
    assert (head.headers["content-length"], head.headers["etag"]) == (
        whole.headers["content-length"],
        etag,
    )
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    other = shopper(services, client, demo, PREMIUM)
    theirs = client.get(_licensed_uri(client, other, asset))
    assert theirs.headers["etag"] != etag  # another licence, other bytes
    stale = client.get(url, headers={"Range": "bytes=0-9", "If-Range": theirs.headers["etag"]})
    assert stale.status_code == 200 and stale.content == whole.content


def test_display_renditions_carry_creator_and_copyright_but_no_licence(
    services: Services, client: ContractClient, assets: list[Asset]
) -> None:
    asset = assets[0]
    for size, marked in (("thumb", False), ("comp", True)):
        data = client.get(display_path(services, asset, size, marked)).content
        found = read_embedded(data)
        assert (found.creator, found.copyright) == (asset.artist, asset.copyright)
        with pyexiv2.ImageData(data) as image:
            assert image.read_exif()["Exif.Image.Copyright"] == asset.copyright
        assert not [key for key in _xmp(data) if key.startswith(("Xmp.plus.", "Xmp.xmpRights."))]
        assert not found.caption and not found.headline


def test_a_legacy_download_carries_the_same(
    anonymous: ContractClient, services: Services, demo: DemoCredentials, assets: list[Asset]
) -> None:
    customer, password = new_customer(services, "Lee", "Gacy")
    services.licensing.products.grant(customer.id, PREMIUM)
    made = session(anonymous, demo, login=(customer.username, password))
    asset = assets[0]
    got = call(
        anonymous,
        "/v1/download/GetLargestImageDownloadAuthorizations",
        {"Images": [{"ImageId": asset.id}]},
        made["Token"],
    )
    [image] = got["GetLargestImageDownloadAuthorizationsResult"]["Images"]
    token = image["Authorizations"][0]["DownloadToken"]
    answer = call(
        anonymous,
        "/v1/download/CreateDownloadRequest",
        {"DownloadItems": [{"DownloadToken": token}]},
        made["SecureToken"],
    )
    [url] = answer["CreateDownloadRequestResult"]["DownloadUrls"]
    data = anonymous.get(url["UrlAttachment"]).content
    xmp = _xmp(data)
    assert xmp["Xmp.plus.Licensee[1]/plus:LicenseeName"] == "Lee Gacy"
    assert xmp["Xmp.xmpRights.WebStatement"] == f"https://photobank.test/licence/{asset.id}"
    assert read_embedded(data).copyright == asset.copyright
