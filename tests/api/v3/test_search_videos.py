"""``GET /v3/search/videos``, ``/creative`` and ``/editorial``; images searches stay images."""

from __future__ import annotations

import re

import pytest

from photobank.composition import Services
from tests.conftest import ContractClient
from tests.contract import validate

_TIMECODE = re.compile(r"\d\d:\d\d:\d\d:\d\d")


def _videos(client: ContractClient, path: str, query: str = "") -> dict:  # type: ignore[type-arg]
    response = client.get(f"{path}?page_size=100&{query}")
    assert response.status_code == 200, response.text
    body: dict = response.json()  # type: ignore[type-arg]
    return body


def test_image_searches_return_only_images(client: ContractClient, services: Services) -> None:
    ids = [i["id"] for i in _videos(client, "/v3/search/images")["images"]]
    found = services.catalog.get_assets(ids)
    assert found and {a.asset_type for a in found.values()} == {"image"}


@pytest.mark.parametrize(
    ("path", "family"),
    [("/v3/search/videos/creative", "creative"), ("/v3/search/videos/editorial", "editorial")],
)
def test_family_searches_return_videos_of_that_family(
    client: ContractClient, services: Services, path: str, family: str
) -> None:
    body = _videos(client, path, "fields=detail_set")
    assert body["result_count"] > 0
    found = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert {a.asset_type for a in found.values()} == {"video"}
    assert {v["asset_family"] for v in body["videos"]} == {family}
    first = body["videos"][0]
    assert _TIMECODE.fullmatch(first["clip_length"])
    assert first["shot_speed"] in ("Real Time", "Slow Motion", "Time Lapse")
    sizes = {d["name"]: d for d in first["display_sizes"]}
    assert set(sizes) == {"comp", "preview", "thumb"}
    assert sizes["preview"]["uri"].split("?")[0].endswith(".mp4")
    assert sizes["thumb"]["uri"].split("?")[0].endswith(".jpg")
    assert sizes["comp"]["aspect_ratio"] == found[first["id"]].video.aspect_ratio  # type: ignore[union-attr]


def test_editorial_videos_belong_to_events(client: ContractClient) -> None:
    body = _videos(client, "/v3/search/videos/editorial", "fields=event_ids,source")
    assert all(v["event_ids"] for v in body["videos"])
    assert all(v["source"] for v in body["videos"])


def test_the_blended_search_holds_both_families(client: ContractClient) -> None:
    body = _videos(client, "/v3/search/videos", "fields=detail_set")
    validate(body, "#/components/schemas/BlendedVideoSearchResults")
    families = {v["asset_family"] for v in body["videos"]}
    assert families == {"creative", "editorial"}
    creative = _videos(client, "/v3/search/videos/creative")["result_count"]
    editorial = _videos(client, "/v3/search/videos/editorial")["result_count"]
    assert body["result_count"] == creative + editorial


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("format_available=4k", lambda a: a.video.format == "4k"),
        ("format_available=hd", lambda a: a.video.format in ("hd", "4k")),
        ("frame_rates=29.97,25", lambda a: a.video.frame_rate in ("29.97", "25")),
        ("aspect_ratios=969", lambda a: a.video.aspect_ratio == "16:9"),
        ("image_techniques=slow_motion", lambda a: "slow_motion" in a.video.techniques),
        ("viewpoints=aerial_view", lambda a: "aerial_view" in a.video.viewpoints),
        ("release_status=fully_released", lambda a: a.video.release_status == "fully_released"),
        ("min_clip_length=5", lambda a: a.video.seconds >= 5),
        ("max_clip_length=3", lambda a: a.video.seconds <= 3),
        ("orientations=vertical", lambda a: a.orientation == "vertical"),
        ("license_models=rightsready", lambda a: a.license_model == "rightsmanaged"),
    ],
)
def test_video_filters_narrow_the_result(
    client: ContractClient, services: Services, query: str, check: object
) -> None:
    everything = _videos(client, "/v3/search/videos/creative")["result_count"]
    body = _videos(client, "/v3/search/videos/creative", query)
    assert 0 < body["result_count"] < everything
    found = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert all(check(a) for a in found.values())  # type: ignore[operator]


def test_editorial_video_types_filter(client: ContractClient, services: Services) -> None:
    body = _videos(client, "/v3/search/videos/editorial", "editorial_video_types=raw")
    found = services.catalog.get_assets([v["id"] for v in body["videos"]])
    assert found and {a.video.editorial_type for a in found.values()} == {"raw"}  # type: ignore[union-attr]


def test_editorial_facets(client: ContractClient) -> None:
    body = _videos(client, "/v3/search/videos/editorial", "include_facets=true")
    assert set(body["facets"]) == {"artists", "events", "locations", "specific_people"}
    assert body["facets"]["events"]


@pytest.mark.parametrize(
    ("path", "query", "named"),
    [
        ("/v3/search/videos/creative", "format_available=8k", "format_available"),
        ("/v3/search/videos/creative", "frame_rates=12", "frame_rates"),
        ("/v3/search/videos/creative", "aspect_ratios=16:9", "aspect_ratios"),
        ("/v3/search/videos/creative", "image_techniques=blurry", "image_techniques"),
        ("/v3/search/videos/creative", "viewpoints=sideways", "viewpoints"),
        ("/v3/search/videos/creative", "release_status=maybe", "release_status"),
        ("/v3/search/videos/creative", "min_clip_length=-1", "min_clip_length"),
        ("/v3/search/videos/creative", "max_clip_length=ten", "max_clip_length"),
        ("/v3/search/videos/creative", "min_clip_length=9&max_clip_length=3", "max_clip_length"),
        ("/v3/search/videos/creative", "license_models=rightsmanaged", "license_models"),
        ("/v3/search/videos/creative", "sort_order=oldest", "sort_order"),
        ("/v3/search/videos/creative", "fields=max_dimensions", "fields"),
        ("/v3/search/videos/editorial", "editorial_video_types=live", "editorial_video_types"),
        ("/v3/search/videos/editorial", "date_from=yesterday", "date_from"),
        ("/v3/search/videos", "frame_rates=1", "frame_rates"),
        ("/v3/search/videos", "page_size=101", "page_size"),
    ],
)
def test_bad_values_are_a_400_naming_the_parameter(
    client: ContractClient, path: str, query: str, named: str
) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert named in response.json()["ErrorMessage"]
