"""Affiliate searches: checked like any search, answered empty (photobank has no affiliates)."""

from __future__ import annotations

import pytest

from tests.conftest import ContractClient


@pytest.mark.parametrize(("kind", "items"), [("images", "images"), ("videos", "videos")])
def test_an_affiliate_search_is_an_empty_result_of_the_documented_shape(
    client: ContractClient, kind: str, items: str
) -> None:
    response = client.get(f"/v3/affiliates/search/{kind}", params={"phrase": "harbour"})
    assert response.status_code == 200
    assert response.json() == {"auto_corrections": {"phrase": None}, items: []}
    assert response.headers["content-language"] == "en-US"


def test_a_style_not_in_the_contract_is_a_400_naming_it(client: ContractClient) -> None:
    response = client.get("/v3/affiliates/search/images", params={"style": "cubist"})
    assert response.status_code == 400 and "style" in response.json()["ErrorMessage"]


def test_it_needs_an_api_key(anonymous: ContractClient) -> None:
    assert anonymous.get("/v3/affiliates/search/videos").status_code == 403
