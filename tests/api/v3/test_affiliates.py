"""Affiliate searches: checked like any search, answered empty (photobank has no affiliates)."""

from __future__ import annotations

from tests.conftest import ContractClient


def test_affiliates_answer_an_empty_valid_result(client: ContractClient) -> None:
    found = client.get("/v3/affiliates/search/images?phrase=cat&style=vector")
    assert found.headers["content-language"] == "en-US"
    assert found.json() == {"auto_corrections": {"phrase": None}, "images": []}
    videos = client.get("/v3/affiliates/search/videos?phrase=cat").json()
    assert videos["videos"] == []
    bad = client.get("/v3/affiliates/search/images?style=oil")
    assert bad.status_code == 400 and "style" in bad.json()["message"]


def test_it_needs_an_api_key(anonymous: ContractClient) -> None:
    assert anonymous.get("/v3/affiliates/search/videos").status_code == 403
