"""``GET /v3/artists/images`` and ``/videos``: one artist's work, newest first."""

from __future__ import annotations

import pytest

from photobank.composition import Services
from tests.api.v3.test_videos import demo_videos
from tests.conftest import ContractClient
from tests.shoppers import images


def _artist(services: Services) -> str:
    return images(services, 1, lambda a: not a.event_ids and bool(a.artist))[0].artist


def test_artist_images(client: ContractClient, services: Services) -> None:
    artist = _artist(services)
    body = client.get(
        "/v3/artists/images", params={"artist_name": artist, "fields": "artist"}
    ).json()
    assert body["result_count"] >= 1 and len(body["images"]) <= 10
    assert {i["artist"] for i in body["images"]} == {artist}
    videos = client.get("/v3/artists/videos", params={"artist_name": artist, "fields": "artist"})
    assert {v["artist"] for v in videos.json()["videos"]} <= {artist}


@pytest.mark.parametrize("path", ["/v3/artists/images", "/v3/artists/videos"])
@pytest.mark.parametrize(
    ("query", "named"),
    [("", "artist_name"), ("artist_name=a&page=0", "page"), ("artist_name=a&fields=no", "fields")],
)
def test_artist_bad_input(client: ContractClient, path: str, query: str, named: str) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400 and named in response.json()["message"]


def test_an_artists_videos_are_videos_newest_first(
    client: ContractClient, services: Services
) -> None:
    video = demo_videos(services)[0]
    query = {"artist_name": video.artist, "fields": "artist,date_created", "page_size": 50}
    body = client.get("/v3/artists/videos", params=query).json()
    assert video.id in {v["id"] for v in body["videos"]}
    assert {v["artist"] for v in body["videos"]} == {video.artist}
    dates = [v["date_created"] for v in body["videos"]]
    assert dates == sorted(dates, reverse=True)
    found = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert {a.asset_type for a in found.values()} == {"video"}


def test_an_artists_images_are_paged_newest_first_whatever_the_case(
    client: ContractClient, services: Services
) -> None:
    artist = _artist(services)
    query = {"artist_name": artist.upper(), "fields": "artist,date_created", "page_size": 2}
    first = client.get("/v3/artists/images", params=query).json()
    second = client.get("/v3/artists/images", params={**query, "page": 2}).json()
    assert first["result_count"] == second["result_count"] >= 1
    shown = first["images"] + second["images"]
    assert {i["artist"] for i in shown} == {artist}
    assert len({i["id"] for i in shown}) == len(shown)  # pages do not overlap
    dates = [i["date_created"] for i in shown]
    assert dates == sorted(dates, reverse=True)


def test_an_unknown_artist_has_no_work(client: ContractClient) -> None:
    body = client.get("/v3/artists/images", params={"artist_name": "Nobody Atall"}).json()
    assert body == {"images": [], "result_count": 0}
