"""``GET /v3/videos``, ``/v3/videos/{ids}``, ``/similar`` and ``/same-series``."""

from __future__ import annotations

from photobank.catalog.model import Asset
from photobank.composition import Services
from tests.conftest import ContractClient
from tests.contract import spec


def demo_videos(services: Services, family: str | None = None) -> list[Asset]:
    """The demo catalog's videos (of ``family``), in store order."""
    return [
        a
        for batch in services.catalog.repository.iter_assets()
        for a in batch
        if a.asset_type == "video" and family in (None, a.asset_family)
    ]


def _an_image(services: Services) -> Asset:
    return next(a for batch in services.catalog.repository.iter_assets() for a in batch)


def test_videos_by_path_and_by_query(client: ContractClient, services: Services) -> None:
    first, second = demo_videos(services)[:2]
    by_path = client.get(f"/v3/videos/{first.id},{second.id},999999999")
    assert by_path.status_code == 200
    body = by_path.json()
    assert [v["id"] for v in body["videos"]] == [first.id, second.id]
    assert body["videos_not_found"] == ["999999999"]
    assert set(body["videos"][0]) >= {"clip_length", "title", "collection_name", "artist"}
    by_query = client.get(f"/v3/videos?ids={first.id}&ids={second.id}")
    assert by_query.json()["videos"] == body["videos"]


def test_detail_set_fields_are_getty_video_fields(
    client: ContractClient, services: Services, user_token: str
) -> None:
    video = demo_videos(services, "editorial")[0]
    response = client.get(
        f"/v3/videos/{video.id}?fields=detail_set,display_set,key_frames,downloads",
        headers={"Authorization": f"Bearer {user_token}"},
    )
    [item] = response.json()["videos"]
    allowed = set(spec()["components"]["schemas"]["VideoDetailFieldValues"]["enum"])
    assert set(item) <= allowed | {"display_sizes"}
    assert item["era"] == video.video.era  # type: ignore[union-attr]
    assert item["originally_shot_on"] and item["mastered_to"] and item["source"]
    assert item["country"] and item["event_ids"] == list(video.event_ids)
    names = [s["name"] for s in item["download_sizes"]]
    assert names == list(video.video.formats)  # type: ignore[union-attr]
    assert {s["content_type"] for s in item["download_sizes"]} == {"video/mp4"}
    assert item["downloads"][-1]["uri"].endswith(
        f"/v3/downloads/videos/{video.id}?size={names[-1]}"
    )
    assert [k["name"] for k in item["key_frames"]] == ["thumb", "comp"]


def test_image_ids_are_not_videos_and_video_ids_not_images(
    client: ContractClient, services: Services
) -> None:
    video, image = demo_videos(services)[0], _an_image(services)
    assert image.asset_type == "image"
    missing = client.get(f"/v3/videos/{image.id}")
    assert missing.status_code == 404 and missing.json()["ErrorCode"] == "VideosNotFound"
    assert client.get(f"/v3/images/{video.id}").json()["ErrorCode"] == "ImageNotFound"
    assert client.get(f"/v3/images/{video.id}/similar").status_code == 404
    assert client.get(f"/v3/videos/{image.id}/same-series").status_code == 404


def test_bad_fields_and_too_many_ids_are_400(client: ContractClient, services: Services) -> None:
    video = demo_videos(services)[0]
    bad = client.get(f"/v3/videos/{video.id}?fields=max_dimensions")
    assert bad.status_code == 400 and "fields" in bad.json()["ErrorMessage"]
    many = ",".join(str(100_000_000 + n) for n in range(101))
    assert "ids" in client.get(f"/v3/videos?ids={many}").json()["ErrorMessage"]


def test_similar_videos_are_videos_of_the_same_family(
    client: ContractClient, services: Services
) -> None:
    video = demo_videos(services, "creative")[0]
    response = client.get(f"/v3/videos/{video.id}/similar?page_size=50&fields=detail_set")
    assert response.status_code == 200
    body = response.json()
    assert body["result_count"] > 0 and video.id not in {v["id"] for v in body["videos"]}
    found = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert {(a.asset_type, a.asset_family) for a in found.values()} == {("video", "creative")}


def test_same_series_videos_share_the_event(client: ContractClient, services: Services) -> None:
    videos = demo_videos(services, "editorial")
    video = next(
        v for v in videos if any(o.event_ids == v.event_ids and o.id != v.id for o in videos)
    )
    body = client.get(f"/v3/videos/{video.id}/same-series?fields=id").json()
    assert body["result_count"] >= 1
    found = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert all(set(a.event_ids) & set(video.event_ids) for a in found.values())
    assert {a.asset_type for a in found.values()} == {"video"}
