"""Repeated searches: replayed byte for byte without searching, never to the wrong
caller, never after the catalog changed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from photobank.api.v3.response_cache import ResponseCache
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import shopper

SEARCH = "/v3/search/images"


@pytest.fixture
def searches(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The queries that reached the search service (a spy around it)."""
    asked: list[Any] = []
    real = services.search.find

    def spy(query: Any, **kwargs: Any) -> Any:
        asked.append(query)
        return real(query, **kwargs)

    monkeypatch.setattr(services.search, "find", spy)
    return asked


def _ok(response: httpx.Response) -> httpx.Response:
    assert response.status_code == 200, response.text
    return response


def test_a_repeated_search_is_replayed_without_searching(
    client: ContractClient, searches: list[Any]
) -> None:
    url = f"{SEARCH}?phrase=mountain&fields=id,title,display_set&page_size=7"
    first = _ok(client.get(url))
    asked = len(searches)
    again = _ok(client.get(url))
    assert len(searches) == asked  # not searched again
    assert again.content == first.content
    assert again.headers.multi_items() == first.headers.multi_items()


def test_headers_the_search_checks_are_checked_on_a_repeat(client: ContractClient) -> None:
    url = f"{SEARCH}?phrase=forest&fields=id"
    first = _ok(client.get(url))
    assert _ok(client.get(url, headers={"GI-Country-Code": "USA"})).content == first.content
    refused = client.get(url, headers={"GI-Country-Code": "XQZ"})
    assert refused.status_code == 400
    assert "GI-Country-Code" in refused.text
    german = _ok(client.get(url, headers={"Accept-Language": "de"}))
    assert german.headers["content-language"] == "de"
    assert _ok(client.get(url)).headers["content-language"] == "en-US"


def test_the_same_query_written_otherwise_shares_the_answer(
    client: ContractClient, searches: list[Any]
) -> None:
    first = _ok(client.get(f"{SEARCH}/creative?phrase=lake&sort_order=newest&fields=id,title"))
    asked = len(searches)
    for written in (
        f"{SEARCH}/creative?fields=id,title&phrase=lake&sort_order=newest",
        f"{SEARCH}/creative?sort_order=NEWEST&fields=id&fields=title&phrase=lake&junk=1",
    ):
        assert _ok(client.get(written)).content == first.content
    assert len(searches) == asked
    other = _ok(
        client.get(f"{SEARCH}/creative?phrase=lake&sort_order=most_popular&fields=id,title")
    )
    assert len(searches) == asked + 1
    assert other.content != first.content


def test_facets_asked_for_get_their_own_answer(client: ContractClient) -> None:
    url = f"{SEARCH}/editorial?phrase=city&fields=id"
    plain = _ok(client.get(url)).json()
    faceted = _ok(client.get(f"{url}&include_facets=true&facet_fields=locations")).json()
    assert "facets" not in plain
    assert "locations" in faceted["facets"]


def test_each_caller_gets_its_own_view(
    client: ContractClient, services: Services, demo: DemoCredentials
) -> None:
    url = f"{SEARCH}/creative?fields=id,largest_downloads&page_size=3"
    first = shopper(services, client, demo, ProductTerms("premiumaccess"))
    second = shopper(services, client, demo, ProductTerms("premiumaccess"))

    def product_ids(headers: dict[str, str]) -> set[str]:
        images = _ok(client.get(url, headers=headers)).json()["images"]
        return {d["product_id"] for i in images for d in i["largest_downloads"]}

    for _ in range(2):
        assert product_ids(first.headers) == {str(first.products[0].id)}
        assert product_ids(second.headers) == {str(second.products[0].id)}
    assert client.get(url).status_code == 401  # no token: refused, not replayed
    for host in ("photobank.test", "mirror.example:8443"):
        body = _ok(client.get(f"{SEARCH}?fields=id,display_set", headers={"Host": host}))
        uris = [d["uri"] for i in body.json()["images"] for d in i["display_sizes"]]
        assert uris and all(u.startswith(f"http://{host}/") for u in uris)


def test_catalog_changes_show_at_once(client: ContractClient, services: Services) -> None:
    url = f"{SEARCH}?phrase=heliotropewombat&fields=id,title"
    assert _ok(client.get(url)).json()["result_count"] == 0
    asset_id = _ok(client.get(f"{SEARCH}?fields=id&page_size=1")).json()["images"][0]["id"]
    original = services.catalog.get_assets([asset_id])[asset_id]
    services.catalog.save_assets([replace(original, title="Heliotropewombat")], "update")
    try:
        found = _ok(client.get(url)).json()
        assert [i["id"] for i in found["images"]] == [asset_id]
        services.catalog.withdraw([asset_id])
        assert _ok(client.get(url)).json()["result_count"] == 0
        services.catalog.restore([asset_id])
        assert _ok(client.get(url)).json()["result_count"] == 1
    finally:
        services.catalog.save_assets([original], "update")
    assert _ok(client.get(url)).json()["result_count"] == 0


def test_stored_searches_stay_within_their_budget(client: ContractClient, app: Any) -> None:
    budget = 64 * 1024
    served = app.state.searches
    app.state.searches = small = ResponseCache(budget)
    try:
        for page in range(1, 41):  # forty answers of several KB each: beyond the budget
            _ok(client.get(f"{SEARCH}?fields=id,title,caption&page_size=10&page={page}"))
            assert small.weight <= budget
        assert 0 < len(small) < 40
    finally:
        app.state.searches = served
