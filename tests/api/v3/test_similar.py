"""Similar and same-series images over HTTP."""

from __future__ import annotations

import pytest

from photobank.catalog.model import Asset
from photobank.composition import Services
from tests.conftest import ContractClient
from tests.shoppers import images


def _with(services: Services, where: str) -> Asset:
    if where == "event":
        return images(services, 1, lambda a: bool(a.event_ids))[0]
    return images(services, 1, lambda a: not a.event_ids and bool(a.artist) and bool(a.keywords))[0]


def test_similar_images_share_keywords_and_exclude_the_source(
    client: ContractClient, services: Services
) -> None:
    source = _with(services, "creative")
    body = client.get(f"/v3/images/{source.id}/similar?page_size=10").json()
    assert body["result_count"] > 0
    ids = [i["id"] for i in body["images"]]
    assert source.id not in ids
    found = services.catalog.get_assets(ids)
    keywords = {k.keyword_id for k in source.keywords}
    assert all(keywords & {k.keyword_id for k in found[i].keywords} for i in ids)
    assert all(found[i].asset_family == source.asset_family for i in ids)
    second = client.get(f"/v3/images/{source.id}/similar?page=2&page_size=10").json()
    assert not set(ids) & {i["id"] for i in second["images"]}


def test_same_series_is_the_event_or_the_shoot(client: ContractClient, services: Services) -> None:
    at_event = _with(services, "event")
    body = client.get(f"/v3/images/{at_event.id}/same-series?fields=event_ids").json()
    assert at_event.id not in [i["id"] for i in body["images"]]
    assert all(set(i["event_ids"]) & set(at_event.event_ids) for i in body["images"])
    shoot = _with(services, "creative")
    series = client.get(f"/v3/images/{shoot.id}/same-series?fields=artist,date_created").json()
    day = shoot.date_created.date().isoformat()
    assert all(
        i["artist"] == shoot.artist and i["date_created"].startswith(day) for i in series["images"]
    )


@pytest.mark.parametrize("operation", ["similar", "same-series"])
def test_unknown_images_and_bad_parameters(client: ContractClient, operation: str) -> None:
    missing = client.get(f"/v3/images/999999999/{operation}")
    assert missing.status_code == 404 and missing.json()["code"] == "ImageNotFound"
    for query, named in (
        ("page=0", "page"),
        ("page_size=101", "page_size"),
        ("fields=x", "fields"),
    ):
        response = client.get(f"/v3/images/999999999/{operation}?{query}")
        assert response.status_code == 400 and named in response.json()["message"]
