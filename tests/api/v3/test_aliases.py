"""Earlier v3 field names (``api/v3/aliases.py``): accepted, and answered under the
name the clients written against them read, for images and videos, by id and in search."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.api.v3.aliases import ALIASES
from photobank.catalog.model import Asset
from photobank.composition import Services
from tests.api.v3.test_videos import demo_videos
from tests.conftest import ContractClient
from tests.shoppers import images

# Where each earlier name is served: every place its current field is.
IMAGE_DETAIL = ("/v3/images/{id}", "/v3/images")
IMAGE_SEARCH = ("/v3/search/images", "/v3/search/images/editorial", "/v3/search/images/creative")
VIDEO_DETAIL = ("/v3/videos/{id}", "/v3/videos")
VIDEO_SEARCH = ("/v3/search/videos", "/v3/search/videos/editorial", "/v3/search/videos/creative")


def _restricted(asset: Asset) -> bool:
    return bool(asset.allowed_use.usage_restrictions)


def _document(
    client: ContractClient, url: str, asset: Asset, name: str, token: str
) -> dict[str, Any]:
    """The asset's document with ``id`` and field ``name`` asked for."""
    query = {"fields": f"id,{name}"}
    if "search" in url:  # the asset's own title finds it; a page of them holds it
        query.update(phrase=asset.title, page_size="100")
    elif "{id}" not in url:
        query.update(ids=asset.id)
    bearer = {"Authorization": f"Bearer {token}"}
    answer = client.get(url.format(id=asset.id), params=query, headers=bearer)
    assert answer.status_code == 200, (url, name, answer.text)
    body = answer.json()
    items = body.get("images", body.get("videos"))
    found: dict[str, Any] = next(item for item in items if item["id"] == asset.id)
    return found


def _cases() -> list[tuple[str, str, str]]:
    image_urls, video_urls = IMAGE_DETAIL + IMAGE_SEARCH, VIDEO_DETAIL + VIDEO_SEARCH
    served = {
        "editorial_source_name": [*IMAGE_DETAIL, "/v3/search/images/editorial"],
        "restrictions": [*image_urls, *video_urls],
        "mid_res_comp": [*image_urls, *video_urls],
        "high_res_comp": [*image_urls, *video_urls],
    }
    assert set(served) == set(ALIASES)  # a case for every alias of the table
    return [
        (earlier, url, "video" if url in video_urls else "image")
        for earlier, urls in served.items()
        for url in urls
    ]


@pytest.mark.parametrize(("earlier", "url", "kind"), _cases())
def test_an_earlier_field_name_answers_what_its_clients_read(
    client: ContractClient, services: Services, user_token: str, earlier: str, url: str, kind: str
) -> None:
    family = "editorial" if "editorial" in url or earlier == "editorial_source_name" else None
    family = "creative" if "creative" in url else family
    if kind == "image":
        asset = images(services, 1, lambda a: _restricted(a) and family in (None, a.asset_family))
    else:
        asset = [v for v in demo_videos(services, family) if _restricted(v)][:1]
    (asset,) = asset
    alias = ALIASES[earlier]
    old = _document(client, url, asset, earlier, user_token)
    assert set(old) - {"id"} == {earlier if alias.read else "display_sizes"}
    if earlier == "editorial_source_name":
        # The catalog keeps a source's id, never its name: a name no client could misread.
        assert old["editorial_source_name"] is None
        return
    new = _document(client, url, asset, alias.current, user_token)
    assert earlier not in new
    if earlier == "restrictions":
        assert old["restrictions"] == list(asset.allowed_use.usage_restrictions) != []
        assert old["restrictions"] == new["allowed_use"]["usage_restrictions"]
        return
    (size,) = old["display_sizes"]
    assert size["name"] == earlier and f"/display/{alias.rendition}/" in size["uri"]
    if alias.rendition == alias.current:  # the very rendition of the current name
        assert size["uri"] == new["display_sizes"][0]["uri"]
    assert client.get(size["uri"]).headers["content-type"] == "image/jpeg"


def test_an_earlier_name_is_refused_where_its_field_is_not_served(client: ContractClient) -> None:
    """Creative search never had an editorial source: the earlier name stays unknown there."""
    answer = client.get("/v3/search/images/creative", params={"fields": "editorial_source_name"})
    assert answer.status_code == 400 and answer.json()["ErrorCode"] == "InvalidParameterValue"


# The fields Getty's 2014 Node.js SDK sends in its "can return all available response
# fields" tests, for image details and for image search.
SDK_2014_DETAIL_FIELDS = (
    "summary_set,detail_set,display_set,artist,artist_title,asset_family,caption,city,"
    "collection_id,collection_name,color_type,comp,copyright,country,credit_line,date_created,"
    "date_submitted,download_sizes,downloads,editorial_source_name,high_res_comp,id,keywords,"
    "largest_downloads,license_model,max_dimensions,quality_rank,preview,restrictions,"
    "state_province,thumb,title,uri_oembed"
)
SDK_2014_SEARCH_FIELDS = (
    "summary_set,detail_set,display_set,asset_family,caption,collection_id,collection_name,comp,"
    "high_res_comp,id,largest_downloads,license_model,max_dimensions,mid_res_comp,people,"
    "preview,thumb,title"
)


def test_the_2014_sdk_all_fields_requests_succeed(
    client: ContractClient, services: Services, user_token: str
) -> None:
    bearer = {"Authorization": f"Bearer {user_token}"}
    (image,) = images(services, 1, _restricted)
    details = client.get(
        f"/v3/images/{image.id}", params={"fields": SDK_2014_DETAIL_FIELDS}, headers=bearer
    )
    assert details.status_code == 200, details.text
    body = details.json()
    assert body["images_not_found"] == [] and len(body["images"]) == 1
    (document,) = body["images"]
    assert document["restrictions"] == list(image.allowed_use.usage_restrictions)
    assert [s["name"] for s in document["display_sizes"]] == [
        "comp", "preview", "thumb", "high_res_comp",
    ]  # fmt: skip
    search = client.get(
        "/v3/search/images",
        params={"phrase": "", "page": "1", "page_size": "1", "fields": SDK_2014_SEARCH_FIELDS},
        headers=bearer,
    )
    assert search.status_code == 200, search.text
    (found,) = search.json()["images"]
    assert {"comp", "mid_res_comp", "high_res_comp"} <= {s["name"] for s in found["display_sizes"]}
