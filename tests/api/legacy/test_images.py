"""GetImageDetails: catalog assets as legacy ``Image`` documents, with the caller's offerings."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from photobank.media.urls import download_sizes
from tests.api.legacy.support import call, search_images, session, status
from tests.shoppers import images, new_customer, premium

DETAILS = "/v1/search/GetImageDetails"


@pytest.fixture(scope="module")
def token(anonymous: Any, demo: DemoCredentials) -> str:
    found: str = session(anonymous, demo)["Token"]
    return found


def _search(http: Any, token: str, **body: Any) -> dict[str, Any]:
    return search_images(http, token, **body)


def _details(http: Any, token: str, *ids: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    document = call(http, DETAILS, {"ImageIds": list(ids)}, token)
    result = document["GetImageDetailsResult"]
    return document, result["Images"] if result else []


def test_image_details(anonymous: Any, token: str) -> None:
    found = _search(anonymous, token)["SearchForImagesResult"]["Images"][0]["ImageId"]
    body = {"ImageIds": [found, "0-missing"], "Language": "en-us", "CountryCode": "USA"}
    document = call(anonymous, "/v1/search/GetImageDetails", body, token)
    assert status(document) == ("warning", ["ImageNotFound"])
    (image,) = document["GetImageDetailsResult"]["Images"]
    assert image["ImageId"] == found
    assert image["SizesDownloadableImages"][-1]["SizeKey"] in ("original", "vector")
    assert anonymous.get(image["UrlThumb"]).status_code == 200


def test_the_document_speaks_the_legacy_vocabulary_of_the_catalog(
    anonymous: Any, token: str, services: Services
) -> None:
    (asset,) = images(services, 1, premium)
    _, (image,) = _details(anonymous, token, asset.id)
    assert (image["ImageId"], image["Title"], image["Copyright"]) == (
        asset.id,
        asset.title,
        asset.copyright,
    )
    assert image["ImageFamily"] == asset.asset_family.title()
    assert image["LicensingModel"] in ("RoyaltyFree", "RightsManaged")
    assert image["MaxImageResolutionWidth"] == str(asset.width)  # numeric strings (§0.5)
    assert image["MaxImageResolutionHeight"] == str(asset.height)
    assert image["DateCreated"].startswith("/Date(")
    sizes = [
        (s["SizeKey"], s["PixelWidth"], s["PixelHeight"]) for s in image["SizesDownloadableImages"]
    ]
    assert sizes == [(s.name, s.width, s.height) for s in download_sizes(asset)]
    assert "wm=0&" in image["UrlThumb"] and "wm=1&" in image["UrlWatermarkComp"]
    assert "wm=1&" in image["UrlWatermarkPreview"]


def test_offerings_are_the_callers_products_that_cover_the_image(
    anonymous: Any, demo: DemoCredentials, services: Services
) -> None:
    (asset,) = images(services, 1, premium)
    guest = session(anonymous, demo, user=False)["Token"]
    assert _details(anonymous, guest, asset.id)[1][0]["ApplicableProductOfferings"] == []
    customer, password = new_customer(services)
    services.licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    buyer = session(anonymous, demo, login=(customer.username, password))["Token"]
    offered = _details(anonymous, buyer, asset.id)[1][0]["ApplicableProductOfferings"]
    assert offered == ["PremiumAccess"]


def test_no_ids_is_an_error_and_videos_are_not_images(
    anonymous: Any, token: str, services: Services
) -> None:
    document, found = _details(anonymous, token)
    assert status(document) == ("error", ["MissingImageId"]) and found == []
    video = next(a for b in services.catalog.repository.iter_assets() for a in b if a.video)
    document, found = _details(anonymous, token, video.id)
    assert status(document) == ("warning", ["ImageNotFound"]) and found == []
    assert video.id in document["ResponseHeader"]["StatusList"][0]["Message"]
