"""GetPreviousDownloads in-process: the same history as v3, each customer's own only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.api.legacy.support import PLAIN, call, session, status
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, premium, shopper

OP = "/v1/download/GetPreviousDownloads"
RESULT = "GetPreviousDownloadsResult"


def _secure_token(anonymous: Any, demo: DemoCredentials, who: Shopper) -> str:
    login = (who.customer.username, who.password)
    token: str = session(anonymous, demo, login=login)["SecureToken"]
    return token


def _previous(
    anonymous: Any, token: str, count: int = 10, start: int = 1, **body: Any
) -> dict[str, Any]:
    return call(anonymous, OP, {"ItemCount": count, "ItemStartNumber": start, **body}, token)


@pytest.fixture
def two(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> tuple[Shopper, Shopper, list[Asset]]:
    """Two customers: the first downloads assets 0 and 1 through v3, the second asset 2."""
    one = shopper(services, client, demo, ProductTerms("premiumaccess"))
    other = shopper(services, client, demo, ProductTerms("premiumaccess"))
    assets = images(services, 3, premium)
    for who, asset in ((one, assets[0]), (one, assets[1]), (other, assets[2])):
        url = f"/v3/downloads/images/{asset.id}?auto_download=false"
        assert client.post(url, headers=who.headers).status_code == 200
    return one, other, assets


def test_v3_downloads_appear_for_their_customer_only(
    anonymous: Any,
    services: Services,
    demo: DemoCredentials,
    two: tuple[Shopper, Shopper, list[Asset]],
) -> None:
    one, other, assets = two
    document = _previous(anonymous, _secure_token(anonymous, demo, one))
    assert status(document) == ("success", [])
    result = document[RESULT]
    assert (result["ItemCount"], result["ItemStartNumber"], result["ItemTotalCount"]) == (2, 1, 2)
    newest = result["PreviousDownloads"][0]
    assert [d["ImageId"] for d in result["PreviousDownloads"]] == [assets[1].id, assets[0].id]
    assert newest["ProductOfferingType"] == "PremiumAccess"
    assert newest["ProductOfferingInstanceId"] == str(one.products[0].id)
    assert newest["SizeKey"] == "original" and newest["DownloadIsFree"] is False
    assert (newest["PixelWidth"], newest["PixelHeight"]) == (assets[1].width, assets[1].height)
    assert newest["DownloadedBy"] == one.customer.username
    millis = int(services.clock.now().timestamp() * 1000)
    assert newest["DateDownloaded"] == f"/Date({millis}+0000)/"
    assert newest["UrlThumb"].startswith(
        f"https://photobank.test/media/display/thumb/{assets[1].id}"
    )
    theirs = _previous(anonymous, _secure_token(anonymous, demo, other))[RESULT]
    assert [d["ImageId"] for d in theirs["PreviousDownloads"]] == [assets[2].id]


def test_a_legacy_download_is_in_v3_history_too(
    anonymous: Any, client: ContractClient, demo: DemoCredentials, services: Services
) -> None:
    buyer = shopper(services, client, demo, ProductTerms("premiumaccess"))
    (asset,) = images(services, 1, premium)
    tokens = session(anonymous, demo, login=(buyer.customer.username, buyer.password))
    wanted = {"Images": [{"ImageId": asset.id}]}
    authorized = call(anonymous, "/v1/download/GetLargestImageDownloadAuthorizations", wanted,
                      tokens["Token"])  # fmt: skip
    download_token = authorized["GetLargestImageDownloadAuthorizationsResult"]["Images"][0][
        "Authorizations"
    ][0]["DownloadToken"]
    items = {"DownloadItems": [{"DownloadToken": download_token}]}
    made = call(anonymous, "/v1/download/CreateDownloadRequest", items, tokens["SecureToken"])
    assert made["CreateDownloadRequestResult"]["DownloadUrls"][0]["Status"] == "Success"
    legacy = _previous(anonymous, tokens["SecureToken"])[RESULT]["PreviousDownloads"]
    v3 = client.get("/v3/downloads", headers=buyer.headers).json()["downloads"]
    assert [d["ImageId"] for d in legacy] == [d["id"] for d in v3] == [asset.id]


def test_paging_and_filters(
    anonymous: Any,
    services: Services,
    demo: DemoCredentials,
    two: tuple[Shopper, Shopper, list[Asset]],
) -> None:
    one, _other, assets = two
    token = _secure_token(anonymous, demo, one)
    second = _previous(anonymous, token, count=1, start=2)[RESULT]
    assert (second["ItemCount"], second["ItemStartNumber"], second["ItemTotalCount"]) == (1, 2, 2)
    assert [d["ImageId"] for d in second["PreviousDownloads"]] == [assets[0].id]
    packs = _previous(anonymous, token, FilterOptions={"ProductOffering": "imagepack"})[RESULT]
    assert (packs["ItemTotalCount"], packs["PreviousDownloads"]) == (0, [])
    every = _previous(anonymous, token, FilterOptions={"ProductOffering": "All"})[RESULT]
    assert every["ItemTotalCount"] == 2
    now = services.clock.now()
    earlier = {"Start": "1900-01-01T00:00:00Z", "End": (now - timedelta(days=1)).isoformat()}
    before = _previous(anonymous, token, FilterOptions={"DateRangeFilter": earlier})[RESULT]
    assert before["ItemTotalCount"] == 0
    millis = int((now + timedelta(minutes=1)).timestamp() * 1000)
    around = {"StartDate": (now - timedelta(days=1)).isoformat(), "EndDate": f"/Date({millis})/"}
    within = _previous(anonymous, token, Filter={"DateRange": around})[RESULT]
    assert within["ItemTotalCount"] == 2


@pytest.mark.parametrize(
    ("body", "code", "named"),
    [
        ({"ItemCount": 0, "ItemStartNumber": 1}, "InvalidItemCount", "ItemCount"),
        ({"ItemCount": 100, "ItemStartNumber": 1}, "MaxExceeded", "ItemCount"),
        ({"ItemCount": 10, "ItemStartNumber": 0}, "InvalidItemStartNumber", "ItemStartNumber"),
        ({"ItemCount": 10, "ItemStartNumber": 9}, "StartPastTotal", "ItemStartNumber"),
        ({"ItemStartNumber": 1}, "InvalidRequest", "ItemCount"),
        (
            {"ItemCount": 10, "ItemStartNumber": 1, "FilterOptions": {"ProductOffering": "Gold"}},
            "InvalidRequest",
            "FilterOptions.ProductOffering",
        ),
        (
            {
                "ItemCount": 10,
                "ItemStartNumber": 1,
                "FilterOptions": {"DateRangeFilter": {"Start": "2026-01-01T00:00:00Z"}},
            },
            "InvalidRequest",
            "FilterOptions.DateRangeFilter",
        ),
        (
            {
                "ItemCount": 10,
                "ItemStartNumber": 1,
                "FilterOptions": {"DateRangeFilter": {"Start": "2026-02-01", "End": "2026-01-01"}},
            },
            "InvalidRequest",
            "FilterOptions.DateRangeFilter.Start",
        ),
        (
            {
                "ItemCount": 10,
                "ItemStartNumber": 1,
                "FilterOptions": {"DateRangeFilter": {"Start": "yesterday", "End": "2026-01-01"}},
            },
            "InvalidRequest",
            "FilterOptions.DateRangeFilter.Start",
        ),
    ],
)
def test_bad_requests_name_the_field(
    anonymous: Any,
    demo: DemoCredentials,
    two: tuple[Shopper, Shopper, list[Asset]],
    body: dict[str, Any],
    code: str,
    named: str,
) -> None:
    document = call(anonymous, OP, body, _secure_token(anonymous, demo, two[0]))
    assert status(document) == ("error", [code])
    assert named in document["ResponseHeader"]["StatusList"][0]["Message"]
    assert document[RESULT] is None


def test_only_a_users_secure_session_over_https(
    anonymous: Any, demo: DemoCredentials, two: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one = two[0]
    tokens = session(anonymous, demo, login=(one.customer.username, one.password))
    body = {"ItemCount": 10, "ItemStartNumber": 1}
    assert status(call(anonymous, OP, body, tokens["Token"])) == ("error", ["AUTH-023"])
    over_http = call(anonymous, OP, body, tokens["SecureToken"], base=PLAIN)
    assert status(over_http) == ("error", ["AUTH-002"])
    no_user = session(anonymous, demo, user=False)["SecureToken"]
    assert status(call(anonymous, OP, body, no_user)) == ("error", ["AUTH-012"])
    assert status(call(anonymous, OP, body, None)) == ("error", ["AUTH-012"])
