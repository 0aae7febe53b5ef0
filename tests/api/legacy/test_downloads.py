"""Download authorisations and requests over the legacy wire: the licensing domain's answers."""

from __future__ import annotations

from typing import Any

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.api.legacy.support import call, session, status
from tests.shoppers import images, new_customer, premium

DL = "/v1/download"


def test_a_spent_product_refuses_with_no_access_and_a_bad_token_is_invalid(
    anonymous: Any, services: Services, demo: DemoCredentials
) -> None:
    customer, password = new_customer(services)
    services.licensing.products.grant(customer.id, ProductTerms("premiumaccess", download_limit=1))
    made = session(anonymous, demo, login=(customer.username, password))
    wanted = [{"ImageId": asset.id} for asset in images(services, 2, premium)]
    got = call(
        anonymous, f"{DL}/GetLargestImageDownloadAuthorizations", {"Images": wanted}, made["Token"]
    )
    found = got["GetLargestImageDownloadAuthorizationsResult"]["Images"]
    items = [{"DownloadToken": image["Authorizations"][0]["DownloadToken"]} for image in found]
    items.append({"DownloadToken": "junk"})
    answer = call(
        anonymous, f"{DL}/CreateDownloadRequest", {"DownloadItems": items}, made["SecureToken"]
    )
    assert status(answer) == ("success", [])
    urls = answer["CreateDownloadRequestResult"]["DownloadUrls"]
    assert [u["Status"] for u in urls] == ["Success", "NoAccess", "InvalidToken"]
    assert [u["ImageId"] for u in urls] == [wanted[0]["ImageId"], wanted[1]["ImageId"], None]
    assert urls[0]["UrlAttachment"].startswith("https://photobank.test/media/delivery/")
