"""``POST /v3/downloads/images/{id}``, its 2014 and hypermedia forms, and licensing fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, premium, shopper, sign_in

PREMIUM = ProductTerms("premiumaccess", download_limit=10)


@pytest.fixture
def buyer(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    return shopper(services, client, demo, PREMIUM)


@pytest.fixture
def restore_clock(clock: ManualClock) -> Iterator[ManualClock]:
    started = clock.now()
    yield clock
    clock.set(started)


def _remaining(client: ContractClient, who: Shopper) -> list[int]:
    products = client.get("/v3/products", headers=who.headers).json()["products"]
    return [p["downloads_remaining"] for p in products]


def test_auto_download_is_a_303_to_a_signed_delivery_url(
    services: Services, client: ContractClient, buyer: Shopper
) -> None:
    [asset] = images(services, 1, premium)
    response = client.post(
        f"/v3/downloads/images/{asset.id}", headers=buyer.headers, follow_redirects=False
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"http://photobank.test/media/delivery/{asset.id}/original?")
    assert f"c={buyer.customer.id}" in location
    assert response.headers["cache-control"] == "no-cache"
    plain = client.post(
        f"/v3/downloads/images/{asset.id}?auto_download=false", headers=buyer.headers
    )
    assert plain.status_code == 200 and plain.json() == {"uri": location}
    assert _remaining(client, buyer) == [9]  # the second was a free re-download


def test_height_and_file_type_pick_the_size(
    services: Services, client: ContractClient, buyer: Shopper
) -> None:
    [vector] = images(services, 1, lambda a: premium(a) and "eps" in a.file_types)
    query = "auto_download=false&file_type=EPS"  # values are matched case-insensitively
    uri = client.post(f"/v3/downloads/images/{vector.id}?{query}", headers=buyer.headers)
    assert f"/media/delivery/{vector.id}/vector?" in uri.json()["uri"]
    sizes = client.get(
        f"/v3/images/{vector.id}?fields=download_sizes", headers=buyer.headers
    ).json()["images"][0]["download_sizes"]
    smallest = sizes[0]
    uri = client.post(
        f"/v3/downloads/images/{vector.id}?auto_download=false&height={smallest['height']}",
        headers=buyer.headers,
    )
    assert f"/{smallest['name']}?" in uri.json()["uri"]


def test_the_2014_form_takes_curls_stray_body_and_the_sdks_auto_download_false(
    services: Services, client: ContractClient, buyer: Shopper
) -> None:
    [asset] = images(services, 1, premium)
    form = {**buyer.headers, "Content-Type": "application/x-www-form-urlencoded"}
    curl = client.post(
        f"/v3/downloads/{asset.id}", headers=form, content=b"'", follow_redirects=False
    )
    assert curl.status_code == 303
    sdk = client.post(f"/v3/downloads/{asset.id}?auto_download=false", headers=buyer.headers)
    assert sdk.json() == {"uri": curl.headers["location"]}


def test_a_json_null_body_is_no_body_as_getty_node_sdk_posts_it(
    services: Services, client: ContractClient, buyer: Shopper
) -> None:
    [asset] = images(services, 1, premium)
    json_null = {**buyer.headers, "Content-Type": "application/json"}
    path = f"/v3/downloads/images/{asset.id}?auto_download=false"
    response = client.post(path, headers=json_null, content=b"null")
    assert response.status_code == 200
    assert f"/media/delivery/{asset.id}/original?" in response.json()["uri"]
    refused = client.post("/v3/boards", headers=json_null, content=b"null")
    assert refused.status_code == 400 and "'body'" in refused.json()["ErrorMessage"]


def test_the_hypermedia_form_goes_through_the_gateway(
    services: Services, client: ContractClient, anonymous: ContractClient, buyer: Shopper
) -> None:
    [asset] = images(services, 1, premium)
    path = f"/Public/3.0/downloads/{asset.id}"
    assert client.post(path, headers=buyer.headers, follow_redirects=False).status_code == 303
    refused = anonymous.post(path, headers=buyer.headers)
    assert refused.status_code == 403 and refused.json() == {"message": "Account Inactive"}


def test_without_a_token_or_with_an_app_token(
    services: Services, client: ContractClient, app_token: str
) -> None:
    [asset] = images(services, 1, premium)
    path = f"/v3/downloads/images/{asset.id}"
    missing = client.post(path)
    assert missing.status_code == 401
    assert missing.json()["ErrorCode"] == "AuthorizationTokenRequired"
    assert 'error="invalid_token"' in missing.headers["www-authenticate"]
    app_only = client.post(path, headers={"Authorization": f"Bearer {app_token}"})
    assert app_only.status_code == 401
    assert app_only.json()["ErrorCode"] == "UserTokenRequired"
    assert app_only.json()["ErrorMessage"] == "Security token must contain a user."


def test_no_suitable_product_and_used_up_quota_are_403(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    editorial_only = shopper(services, client, demo, ProductTerms("editorialsubscription"))
    [creative] = images(services, 1, lambda a: a.asset_family == "creative")
    refused = client.post(f"/v3/downloads/images/{creative.id}", headers=editorial_only.headers)
    assert (refused.status_code, refused.json()["ErrorCode"]) == (403, "NoProductsAvailable")
    pack = shopper(services, client, demo, ProductTerms("imagepack", download_limit=1))
    first, second = images(services, 2, lambda a: "imagepack" in a.product_types)
    ok = client.post(f"/v3/downloads/images/{first.id}?auto_download=false", headers=pack.headers)
    assert ok.status_code == 200
    used_up = client.post(f"/v3/downloads/images/{second.id}", headers=pack.headers)
    assert (used_up.status_code, used_up.json()["ErrorCode"]) == (403, "OverageLimitReached")
    assert _remaining(client, pack) == [0]


def test_an_unknown_image_is_404(client: ContractClient, buyer: Shopper) -> None:
    for path in ("/v3/downloads/images/923533904", "/v3/downloads/1235339o4"):
        response = client.post(path, headers=buyer.headers)
        assert response.status_code == 404
        assert response.json()["ErrorCode"] == "ImageNotFound"
        assert response.json()["ErrorMessage"] == f"Image not found: {path.rsplit('/', 1)[1]}"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("height=17", "height"),
        ("height=tall", "height"),
        ("file_type=png", "file_type"),
        ("file_type=eps", "file_type"),  # a photo has no vector file
        ("product_id=abc", "product_id"),
        ("product_id=99999999", "product_id"),
        ("product_type=goldaccess", "product_type"),
        ("auto_download=maybe", "auto_download"),
        ("use_team_credits=perhaps", "use_team_credits"),
    ],
)
def test_bad_parameters_are_400_naming_them(
    services: Services, client: ContractClient, buyer: Shopper, query: str, parameter: str
) -> None:
    [photo] = images(services, 1, lambda a: premium(a) and "eps" not in a.file_types)
    response = client.post(f"/v3/downloads/images/{photo.id}?{query}", headers=buyer.headers)
    assert response.status_code == 400, response.text
    assert f"'{parameter}'" in response.json()["ErrorMessage"]
    assert _remaining(client, buyer) == [10]


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "body"),
        (b'{"project": "x"}', "project"),
        (b'{"project_code": 7}', "project_code"),
        (b'{"project_code": "%s"}' % (b"x" * 101), "project_code"),
    ],
)
def test_bad_json_bodies_are_400_naming_the_fault(
    services: Services, client: ContractClient, buyer: Shopper, body: bytes, parameter: str
) -> None:
    [asset] = images(services, 1, premium)
    headers = {**buyer.headers, "Content-Type": "application/json"}
    response = client.post(f"/v3/downloads/images/{asset.id}", headers=headers, content=body)
    assert response.status_code == 400
    assert f"'{parameter}'" in response.json()["ErrorMessage"]


def test_premium_access_data_travels_with_the_download(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    terms = ProductTerms("premiumaccess", project_code_required=True, project_codes=("Q3",))
    who = shopper(services, client, demo, terms)
    [asset] = images(services, 1, premium)
    path = f"/v3/downloads/images/{asset.id}?auto_download=false"
    missing = client.post(path, headers=who.headers)
    assert missing.json()["ErrorCode"] == "MissingRequiredQueryParameters"
    sent = client.post(
        path, headers=who.headers, json={"project_code": "Q3", "download_notes": "ad"}
    )
    assert sent.status_code == 200
    [record] = client.get(f"/v3/images/{asset.id}/downloadhistory", headers=who.headers).json()[
        "downloads"
    ]
    assert record["download_details"] == {"download_notes": "ad", "project_code": "Q3"}


def test_licensing_fields_follow_the_callers_own_products(
    services: Services, client: ContractClient, demo: DemoCredentials, app_token: str
) -> None:
    [asset] = images(services, 1, lambda a: "editorialsubscription" in a.product_types)
    one = shopper(services, client, demo, ProductTerms("editorialsubscription"))
    two = shopper(services, client, demo, PREMIUM, ProductTerms("editorialsubscription"))
    url = f"/v3/images/{asset.id}?fields=largest_downloads,download_product"
    seen = {}
    for who in (one, two):
        image = client.get(url, headers=who.headers).json()["images"][0]
        seen[who.customer.id] = image
        assert [d["product_id"] for d in image["largest_downloads"]] == [
            str(p.id) for p in sorted(who.products, key=lambda p: p.preference())
        ]
        assert all(d["agreement_name"] for d in image["largest_downloads"])
    assert seen[one.customer.id]["download_product"] == "editorialsubscription"
    assert seen[two.customer.id]["download_product"] == "premiumaccess"
    anonymous = client.get(url, headers={"Authorization": f"Bearer {app_token}"}).json()
    largest = anonymous["images"][0]["largest_downloads"]
    assert all(d["product_id"] is None for d in largest)
    assert {d["product_type"] for d in largest} <= set(asset.product_types)
    link = seen[one.customer.id]["largest_downloads"][0]["uri"]
    assert client.post(link, headers=one.headers, follow_redirects=False).status_code == 303


def test_products_expire_by_the_servers_clock(
    services: Services,
    client: ContractClient,
    demo: DemoCredentials,
    restore_clock: ManualClock,
) -> None:
    expiry = restore_clock.now() + timedelta(days=1)
    who = shopper(services, client, demo, ProductTerms("premiumaccess", expires_at=expiry))
    owned, fresh = images(services, 2, premium)
    assert (
        client.post(
            f"/v3/downloads/images/{owned.id}", headers=who.headers, follow_redirects=False
        ).status_code
        == 303
    )
    restore_clock.advance(timedelta(days=2))
    headers = sign_in(client, demo, who.customer.username, who.password)
    [product] = client.get("/v3/products", headers=headers).json()["products"]
    assert product["status"] == "inactive"
    refused = client.post(f"/v3/downloads/images/{fresh.id}", headers=headers)
    assert (refused.status_code, refused.json()["ErrorCode"]) == (403, "NoProductsAvailable")
    again = client.post(f"/v3/downloads/images/{owned.id}", headers=headers, follow_redirects=False)
    assert again.status_code == 303
