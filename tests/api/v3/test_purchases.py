"""History, purchased assets, orders, usage batches and extended licences over HTTP.

Two customers buy side by side in every test: none of one's records may ever
reach the other.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, premium, shopper

PREMIUM = ProductTerms("premiumaccess")


@pytest.fixture
def pair(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> tuple[Shopper, Shopper, list[Asset]]:
    """Two customers; the first licenses assets 0 and 1 (1 twice), the second asset 2."""
    one = shopper(services, client, demo, PREMIUM, ProductTerms("creditpack", credits=30))
    two = shopper(services, client, demo, PREMIUM)
    assets = images(services, 3, premium)
    for who, asset in ((one, assets[0]), (one, assets[1]), (one, assets[1]), (two, assets[2])):
        url = f"/v3/downloads/images/{asset.id}?auto_download=false"
        assert client.post(url, headers=who.headers).status_code == 200
    return one, two, assets


def test_download_history_is_the_customers_own(
    client: ContractClient, pair: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one, two, assets = pair
    body = client.get("/v3/downloads", headers=one.headers).json()
    assert body["result_count"] == 3
    assert {d["id"] for d in body["downloads"]} == {assets[0].id, assets[1].id}
    first = body["downloads"][0]
    assert first["user"]["username"] == one.customer.username
    assert first["product_type"] == "premiumaccess" and first["size_name"] == "original"
    assert first["thumb_uri"].startswith("http://photobank.test/media/display/thumb/")
    theirs = client.get("/v3/downloads", headers=two.headers).json()
    assert [d["id"] for d in theirs["downloads"]] == [assets[2].id]
    paged = client.get("/v3/downloads?page=2&page_size=2", headers=one.headers).json()
    assert (paged["result_count"], len(paged["downloads"])) == (3, 1)
    none = client.get("/v3/downloads?product_type=imagepack", headers=one.headers).json()
    assert none == {"result_count": 0, "downloads": []}


def test_the_history_window_and_time_part(
    client: ContractClient, services: Services, pair: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one = pair[0]
    today = services.clock.now().date()
    earlier = (today - timedelta(days=40)).isoformat()
    assert (
        client.get(f"/v3/downloads?date_to={earlier}", headers=one.headers).json()["result_count"]
        == 0
    )
    assert (
        client.get(f"/v3/downloads?date_from={today}", headers=one.headers).json()["result_count"]
        == 3
    )
    now = services.clock.now()
    before, after = ((now + timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%S") for m in (-1, 1))
    timed = f"/v3/downloads?date_from={before}&date_to={after}&use_time=true"
    assert client.get(timed, headers=one.headers).json()["result_count"] == 3
    timed = f"/v3/downloads?date_from={after}&date_to={after}Z&use_time=true"
    assert client.get(timed, headers=one.headers).json()["result_count"] == 0


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("date_from=yesterday", "date_from"),
        ("date_to=2026-13-01", "date_to"),
        ("date_from=2026-06-02&date_to=2026-06-01", "date_from"),
        ("use_time=sometimes", "use_time"),
        ("page=0", "page"),
        ("page_size=101", "page_size"),
        ("product_type=goldaccess", "product_type"),
        ("company_downloads=perhaps", "company_downloads"),
    ],
)
def test_bad_history_parameters_are_400(
    services: Services, client: ContractClient, demo: DemoCredentials, query: str, parameter: str
) -> None:
    who = shopper(services, client, demo)
    response = client.get(f"/v3/downloads?{query}", headers=who.headers)
    assert response.status_code == 400
    assert f"'{parameter}'" in response.json()["ErrorMessage"]


def test_company_history_is_refused(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    who = shopper(services, client, demo)
    for path in ("/v3/downloads", "/v3/purchased-assets"):
        flag = "company_downloads" if path == "/v3/downloads" else "company_purchases"
        response = client.get(f"{path}?{flag}=true", headers=who.headers)
        assert (response.status_code, response.json()["ErrorCode"]) == (
            403,
            "InsufficientPermissions",
        )


def test_per_image_download_history(
    client: ContractClient, pair: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one, two, assets = pair
    mine = client.get(f"/v3/images/{assets[1].id}/downloadhistory", headers=one.headers).json()
    assert mine["id"] == assets[1].id and len(mine["downloads"]) == 2
    theirs = client.get(f"/v3/images/{assets[1].id}/downloadhistory", headers=two.headers).json()
    assert theirs == {"id": assets[1].id, "downloads": []}
    missing = client.get("/v3/images/923533904/downloadhistory", headers=one.headers)
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "ImageNotFound")
    assert client.get(f"/v3/images/{assets[1].id}/downloadhistory").status_code == 401


def test_purchased_assets_and_their_orders(
    client: ContractClient, pair: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one, two, assets = pair
    body = client.get("/v3/purchased-assets", headers=one.headers).json()
    assert body["result_count"] == 2  # the re-download bought nothing
    purchases = {p["asset_id"]: p for p in body["previous_purchases"]}
    assert set(purchases) == {assets[0].id, assets[1].id}
    bought = purchases[assets[0].id]
    assert bought["purchased_by"] == one.customer.username
    assert bought["download_uri"] == f"http://photobank.test/v3/downloads/images/{assets[0].id}"
    assert int(bought["file_size_in_bytes"]) > 0
    order = client.get(f"/v3/orders/{bought['order_id']}", headers=one.headers)
    assert order.status_code == 200
    assert order.json()["assets"] == [{"id": assets[0].id}]
    assert order.json()["notes"]["ordered_by"] == one.customer.username
    refused = client.get(f"/v3/orders/{bought['order_id']}", headers=two.headers)
    assert (refused.status_code, refused.json()["ErrorCode"]) == (403, "NoAccessToOrderMetadata")
    missing = client.get("/v3/orders/99999999", headers=one.headers)
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "OrderNotFound")
    bad = client.get("/v3/orders/first", headers=one.headers)
    assert bad.status_code == 400 and "'id'" in bad.json()["ErrorMessage"]
    theirs = client.get("/v3/purchased-assets", headers=two.headers).json()
    assert [p["asset_id"] for p in theirs["previous_purchases"]] == [assets[2].id]


def test_purchased_assets_paging(
    client: ContractClient, pair: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one = pair[0]
    assert (
        len(
            client.get("/v3/purchased-assets?page_size=1&page=2", headers=one.headers).json()[
                "previous_purchases"
            ]
        )
        == 1
    )
    for page in ("0", "-3"):
        response = client.get(f"/v3/purchased-assets?page={page}", headers=one.headers)
        assert (response.status_code, response.json()["ErrorCode"]) == (
            400,
            "PageNumberLessThanOne",
        )
    for query, parameter in (
        ("page_size=101", "page_size"),
        ("date_from=someday", "date_from"),
        ("date_to=2026-02-30", "date_to"),
        ("company_purchases=maybe", "company_purchases"),
    ):
        bad = client.get(f"/v3/purchased-assets?{query}", headers=one.headers)
        assert bad.status_code == 400 and f"'{parameter}'" in bad.json()["ErrorMessage"]
    window = "date_from=2020-01-01&date_to=2020-12-31"
    assert (
        client.get(f"/v3/purchased-assets?{window}", headers=one.headers).json()["result_count"]
        == 0
    )
    assert client.get("/v3/purchased-assets").json()["ErrorCode"] == "Unauthorized"


def test_usage_batches(
    services: Services, client: ContractClient, pair: tuple[Shopper, Shopper, list[Asset]]
) -> None:
    one, two, assets = pair
    today = services.clock.now().date().isoformat()
    batch = {
        "asset_usages": [{"asset_id": a.id, "quantity": 3, "usage_date": today} for a in assets]
    }
    created = client.put("/v3/usage-batches/tx-42", headers=one.headers, json=batch)
    assert created.status_code == 201
    assert created.json() == {"invalid_assets": [], "total_asset_usages_processed": 3}
    again = client.put("/v3/usage-batches/tx-42", headers=one.headers, json=batch)
    assert (again.status_code, again.json()["ErrorCode"]) == (409, "TransactionIdDuplicated")
    assert client.put("/v3/usage-batches/tx-42", headers=two.headers, json=batch).status_code == 201
    unknown = {"asset_usages": [{"asset_id": "923533904", "quantity": 1, "usage_date": today}]}
    refused = client.put("/v3/usage-batches/tx-43", headers=one.headers, json=unknown)
    assert (refused.status_code, refused.json()["ErrorCode"]) == (400, "InvalidRequest")
    assert "923533904" in refused.json()["ErrorMessage"]
    assert client.put("/v3/usage-batches/tx-44", json=batch).status_code == 401


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        (b"", "body"),
        (b"{}", "asset_usages"),
        (b'{"asset_usages": "all"}', "asset_usages"),
        (b'{"asset_usages": [], "extra": 1}', "extra"),
        (b'{"asset_usages": [7]}', "asset_usages[0]"),
        (
            b'{"asset_usages": [{"asset_id": 5, "quantity": 1, "usage_date": "2026-01-01"}]}',
            "asset_usages[0].asset_id",
        ),
        (
            b'{"asset_usages": [{"asset_id": "5", "quantity": true, "usage_date": "2026-01-01"}]}',
            "asset_usages[0].quantity",
        ),
        (
            b'{"asset_usages": [{"asset_id": "5", "quantity": 1, "usage_date": "soon"}]}',
            "asset_usages[0].usage_date",
        ),
        (
            b'{"asset_usages": [{"asset_id": "5", "quantity": 1, "usage_date": "2026", "x": 1}]}',
            "asset_usages[0]",
        ),
    ],
)
def test_bad_usage_batches_are_invalid_requests(
    services: Services, client: ContractClient, demo: DemoCredentials, body: bytes, parameter: str
) -> None:
    who = shopper(services, client, demo, PREMIUM)
    headers = {**who.headers, "Content-Type": "application/json"}
    response = client.put("/v3/usage-batches/tx-bad", headers=headers, content=body)
    assert (response.status_code, response.json()["ErrorCode"]) == (400, "InvalidRequest")
    assert (
        f"'{parameter}'" in response.json()["ErrorMessage"]
        or parameter in response.json()["ErrorMessage"]
    )


def test_extended_licences_with_credits(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    who = shopper(services, client, demo, ProductTerms("creditpack", credits=10))
    [asset] = images(services, 1, lambda a: a.istock_collection == "Essentials")
    path = f"/v3/asset-licensing/{asset.id}"
    missing = client.post(path, headers=who.headers, json={"extended_licenses": ["multiseat"]})
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "StandardLicenseNotFound")
    download = f"/v3/downloads/images/{asset.id}?auto_download=false&product_type=creditpack"
    assert client.post(download, headers=who.headers).status_code == 200
    bought = client.post(
        path, headers=who.headers, json={"extended_licenses": ["Multiseat", "resale"]}
    )
    assert bought.status_code == 200
    assert bought.json() == {"acquired_licenses": ["multiseat", "resale"], "credits_used": 8}
    short = client.post(path, headers=who.headers, json={"extended_licenses": ["unlimited"]})
    assert (short.status_code, short.json()["ErrorCode"]) == (402, "NotEnoughCreditsForPurchase")
    for body in (
        {},
        {"extended_licenses": "multiseat"},
        {"extended_licenses": ["x"]},
        {"extended_licenses": ["resale"], "use_team_credits": "yes"},
    ):
        response = client.post(path, headers=who.headers, json=body)
        assert (response.status_code, response.json()["ErrorCode"]) == (
            400,
            "InvalidRequestParameters",
        ), body
    assert client.post(path, json={"extended_licenses": ["resale"]}).status_code == 401
