"""``/v3/collections`` and ``/v3/countries``."""

from __future__ import annotations

from tests.conftest import ContractClient


def test_collections_list_every_collection(client: ContractClient) -> None:
    collections = client.get("/v3/collections").json()["collections"]
    assert len(collections) >= 5
    assert {c["asset_family"] for c in collections} == {"creative", "editorial"}
    assert all(c["code"] and c["name"] and c["product_types"] for c in collections)


def test_countries_are_iso_and_localized(client: ContractClient) -> None:
    english = client.get("/v3/countries").json()["countries"]
    germany = next(c for c in english if c["iso_alpha_3"] == "DEU")
    assert germany == {"iso_alpha_2": "DE", "iso_alpha_3": "DEU", "name": "Germany"}
    response = client.get("/v3/countries", headers={"Accept-Language": "fr"})
    assert response.headers["content-language"] == "fr"
    french = {c["iso_alpha_3"]: c["name"] for c in response.json()["countries"]}
    assert french["DEU"] == "Allemagne"
