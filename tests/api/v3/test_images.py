"""``/v3/images/{ids}`` and ``/v3/images?ids=``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from photobank.composition import Services
from tests.conftest import ContractClient


def some_ids(
    client: ContractClient, count: int, path: str = "/v3/search/images/editorial"
) -> list[str]:
    images = client.get(path, params={"fields": "id", "page_size": count}).json()["images"]
    return [i["id"] for i in images]


def test_one_image_by_id(client: ContractClient) -> None:
    [image_id] = some_ids(client, 1)
    body = client.get(f"/v3/images/{image_id}").json()
    assert body["images_not_found"] == []
    [image] = body["images"]
    assert image["id"] == image_id
    assert {"artist", "title", "caption", "collection_name", "max_dimensions"} <= set(image)


def test_many_ids_keep_their_order_and_report_the_missing(client: ContractClient) -> None:
    ids = some_ids(client, 3)
    body = client.get("/v3/images", params={"ids": f"{ids[2]},999999999,{ids[0]},{ids[1]}"}).json()
    assert [i["id"] for i in body["images"]] == [ids[2], ids[0], ids[1]]
    assert body["images_not_found"] == ["999999999"]


def test_unknown_or_malformed_id_is_404(client: ContractClient) -> None:
    for bad in ("923533904", "1235339o4"):
        response = client.get(f"/v3/images/{bad}")
        assert response.status_code == 404
        body = response.json()
        assert body["ErrorCode"] == "ImageNotFound"
        assert body["ErrorMessage"] == f"Image not found: {bad}"


def test_empty_ids_is_400(client: ContractClient) -> None:
    response = client.get("/v3/images?ids=")
    assert response.status_code == 400
    assert "ids" in response.json()["ErrorMessage"]


def test_more_than_100_ids_is_400(client: ContractClient) -> None:
    ids = ",".join(str(100000000 + i) for i in range(101))
    assert client.get(f"/v3/images?ids={ids}").status_code == 400


def test_detail_set_has_location_and_credit(client: ContractClient) -> None:
    [image_id] = some_ids(client, 1)
    image: dict[str, Any] = client.get(f"/v3/images/{image_id}?fields=detail_set").json()["images"][
        0
    ]
    assert {
        "city",
        "country",
        "credit_line",
        "date_submitted",
        "artist_title",
        "color_type",
    } <= set(image)
    assert "download_sizes" not in image  # needs an access token


def test_download_fields_need_a_token(client: ContractClient, app_token: str) -> None:
    [image_id] = some_ids(client, 1)
    url = f"/v3/images/{image_id}?fields=download_sizes,largest_downloads"
    refused = client.get(url)
    assert refused.status_code == 401
    assert refused.json()["ErrorCode"] == "AuthorizationTokenRequired"
    image = client.get(url, headers={"Authorization": f"Bearer {app_token}"}).json()["images"][0]
    sizes = image["download_sizes"]
    assert sizes[-1]["width"] * sizes[-1]["height"] >= sizes[0]["width"] * sizes[0]["height"]
    assert all(
        d["uri"].startswith("http://photobank.test/v3/downloads/images/")
        for d in image["largest_downloads"]
    )


def test_keywords_and_people_come_with_ids_and_types(client: ContractClient) -> None:
    [image_id] = some_ids(client, 1)
    image = client.get(f"/v3/images/{image_id}?fields=keywords,people").json()["images"][0]
    assert image["keywords"], "expected keywords"
    assert all(k["keyword_id"].isdigit() and k["type"] and k["text"] for k in image["keywords"])
    assert isinstance(image["people"], list)


def test_ids_are_matched_case_insensitively_and_deduplicated(client: ContractClient) -> None:
    [image_id] = some_ids(client, 1)
    body = client.get(f"/v3/images/{image_id},{image_id}").json()
    assert [i["id"] for i in body["images"]] == [image_id]


def test_catalog_changes_show_at_once(client: ContractClient, services: Services) -> None:
    [image_id] = some_ids(client, 1)
    before = client.get(f"/v3/images/{image_id}?fields=title").json()["images"][0]["title"]
    original = services.catalog.get_assets([image_id])[image_id]
    services.catalog.save_assets([replace(original, title="Zanzibar quokka parade")], "update")
    try:
        after = client.get(f"/v3/images/{image_id}?fields=title").json()["images"][0]["title"]
        assert after == "Zanzibar quokka parade" != before
        hits = client.get("/v3/search/images", params={"phrase": "quokka", "fields": "id"}).json()
        assert [i["id"] for i in hits["images"]] == [image_id]
    finally:
        services.catalog.save_assets([original], "update")
    assert client.get(f"/v3/images/{image_id}?fields=title").json()["images"][0]["title"] == before
