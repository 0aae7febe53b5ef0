"""Stored by-id answers: replayed byte for byte, never to the wrong caller, never stale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from starlette.responses import Response

from photobank.api.v3.response_cache import ResponseCache
from photobank.composition import Services
from photobank.config import MIB
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from photobank.media.policy import ANY, WatermarkPolicy, WatermarkRule, scope_of
from photobank.testing import PhotobankEmulator
from tests.conftest import ContractClient
from tests.shoppers import images, premium, shopper

DISPLAY = "?fields=id,display_set"


@pytest.fixture
def image_id(services: Services) -> str:
    return images(services, 1, premium)[0].id


@pytest.fixture
def rules(services: Services) -> Iterator[WatermarkPolicy]:
    services.watermarks.clear_rules()
    yield services.watermarks
    services.watermarks.clear_rules()


def _marks(response: httpx.Response) -> dict[str, bool]:
    assert response.status_code == 200, response.text
    [image] = response.json()["images"]
    return {size["name"]: size["is_watermarked"] for size in image["display_sizes"]}


def _forbid_catalog_reads(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the catalog was read for a stored answer")

    monkeypatch.setattr(services.catalog, "get_assets", unreachable)


def test_a_repeated_request_is_replayed_without_reading_the_catalog(
    client: ContractClient,
    services: Services,
    image_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = client.get(f"/v3/images/{image_id}")
    _forbid_catalog_reads(services, monkeypatch)
    again = client.get(f"/v3/images/{image_id}")
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert again.headers.multi_items() == first.headers.multi_items()
    assert again.headers["access-control-allow-origin"] == "*"


def test_unknown_parameters_and_their_order_share_one_stored_answer(
    client: ContractClient,
    services: Services,
    image_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = client.get(f"/v3/images?ids={image_id}&fields=id,title")
    _forbid_catalog_reads(services, monkeypatch)
    for junk in range(20):  # each would have been an entry of its own, keyed by the raw query
        again = client.get(f"/v3/images?x={junk}&fields=id,title&ids={image_id}&pad={'y' * 900}")
        assert again.content == first.content


def test_stored_answers_stay_within_their_budget() -> None:
    cache = ResponseCache(MIB)
    for number in range(400):  # 400 answers of 10 KB: four times the budget
        body = b"x" * 10_000
        cache.put((f"/v3/images/{number}",), Response(body), cache.generation)
    assert cache.weight <= MIB
    assert cache.get(("/v3/images/399",)) is not None  # the newest stay
    assert cache.get(("/v3/images/0",)) is None  # the oldest went


def test_errors_are_worked_out_every_time(
    client: ContractClient, app_token: str, image_id: str
) -> None:
    url = f"/v3/images/{image_id}?fields=download_sizes"
    assert client.get(url, headers={"Authorization": f"Bearer {app_token}"}).status_code == 200
    assert client.get(url).status_code == 401  # the token's answer is not replayed
    assert client.get("/v3/images/923533904").status_code == 404
    assert client.get("/v3/images/923533904").status_code == 404


def test_catalog_writes_show_at_once(
    client: ContractClient, services: Services, image_id: str
) -> None:
    original = services.catalog.get_assets([image_id])[image_id]
    assert client.get(f"/v3/images/{image_id}").json()["images"][0]["title"] == original.title
    services.catalog.save_assets([replace(original, title="Heliotrope wombat")], "update")
    try:
        changed = client.get(f"/v3/images/{image_id}").json()["images"][0]
        assert changed["title"] == "Heliotrope wombat"
        services.catalog.delete_assets([image_id])
        assert client.get(f"/v3/images/{image_id}").status_code == 404
    finally:
        services.catalog.save_assets([original], "update")
    assert client.get(f"/v3/images/{image_id}").json()["images"][0]["title"] == original.title


def test_languages_get_their_own_content_language(client: ContractClient, image_id: str) -> None:
    url = f"/v3/images/{image_id}"
    german = client.get(url, headers={"Accept-Language": "de-DE"})
    french = client.get(url, headers={"Accept-Language": "fr"})
    plain = client.get(url)
    assert german.headers["content-language"] == "de"
    assert french.headers["content-language"] == "fr"
    assert plain.headers["content-language"] == "en-US"
    assert german.content == french.content == plain.content


def test_each_host_gets_links_to_itself(client: ContractClient, image_id: str) -> None:
    url = f"/v3/images/{image_id}{DISPLAY}"
    for host in ("photobank.test", "mirror.example:8443", "photobank.test"):
        [image] = client.get(url, headers={"Host": host}).json()["images"]
        assert all(d["uri"].startswith(f"http://{host}/") for d in image["display_sizes"])


def test_watermark_decisions_are_per_caller_and_follow_rule_changes(
    client: ContractClient,
    services: Services,
    demo: DemoCredentials,
    user_token: str,
    rules: WatermarkPolicy,
    image_id: str,
) -> None:
    url = f"/v3/images/{image_id}{DISPLAY}"
    signed_in = {"Authorization": f"Bearer {user_token}"}
    assert _marks(client.get(url))["comp"] is True
    customer = next(c for c in services.accounts.list_customers() if c.username == demo.username)
    rules.set_rule(WatermarkRule(scope_of(customer_id=customer.id), ANY, "comp", False))
    assert _marks(client.get(url, headers=signed_in))["comp"] is False
    assert _marks(client.get(url))["comp"] is True  # the client alone keeps its watermark
    rules.set_rule(WatermarkRule(scope_of(client_key=demo.api_key), ANY, "thumb", True))
    assert _marks(client.get(url))["thumb"] is True
    assert _marks(client.get(url, headers=signed_in)) == {
        "comp": False,
        "preview": True,
        "thumb": True,
    }


def test_customers_see_their_own_products_and_their_changes(
    client: ContractClient, services: Services, demo: DemoCredentials, image_id: str
) -> None:
    url = f"/v3/images/{image_id}?fields=id,largest_downloads"
    first = shopper(services, client, demo, ProductTerms("premiumaccess"))
    second = shopper(services, client, demo, ProductTerms("premiumaccess"))

    def product_ids(headers: dict[str, str]) -> list[str]:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        return [d["product_id"] for d in response.json()["images"][0]["largest_downloads"]]

    assert product_ids(first.headers) == [str(first.products[0].id)]
    assert product_ids(second.headers) == [str(second.products[0].id)]
    services.licensing.products.set_status(first.products[0].id, "inactive")
    assert product_ids(first.headers) == []
    assert product_ids(second.headers) == [str(second.products[0].id)]


def test_emulator_fixtures_and_resets_show_at_once(photobank: PhotobankEmulator) -> None:
    headers = {"Api-Key": photobank.api_key}
    url = f"{photobank.base_url}/v3/images/467073457"
    assert httpx.get(url, headers=headers).status_code == 404
    photobank.fixtures.load([{"id": "467073457", "title": "Lake at dawn"}])
    assert httpx.get(url, headers=headers).json()["images"][0]["title"] == "Lake at dawn"
    photobank.fixtures.load([{"id": "467073457", "title": "Lake at dusk"}])
    assert httpx.get(url, headers=headers).json()["images"][0]["title"] == "Lake at dusk"
    photobank.reset()
    assert httpx.get(url, headers=headers).status_code == 404


def test_an_answer_worked_out_across_a_catalog_change_is_not_stored() -> None:
    cache = ResponseCache(MIB)
    before = cache.generation
    cache.clear()  # the catalog changed while the answer below was being built
    cache.put(("/v3/images/1",), Response(b"stale"), before)
    assert cache.get(("/v3/images/1",)) is None
    cache.put(("/v3/images/1",), Response(b"fresh"), cache.generation)
    replayed = cache.get(("/v3/images/1",))
    assert replayed is not None and replayed.body == b"fresh"
