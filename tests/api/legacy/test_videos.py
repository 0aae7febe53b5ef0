"""SearchForVideos over the catalog's videos."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import PLAIN, SECURE, call, session, status
from tests.api.v3.test_videos import demo_videos

_PATH = "/v1/search/SearchForVideos"


@pytest.fixture(scope="module")
def token(anonymous: Any, demo: DemoCredentials) -> str:
    found: str = session(anonymous, demo)["Token"]
    return found


def _result(http: Any, token: str, body: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = call(http, _PATH, body, token)["SearchForVideosResult"]
    return found


def test_pages_of_videos_with_their_details(anonymous: Any, token: str, services: Services) -> None:
    first = _result(anonymous, token, {"ResultOptions": {"ItemCount": 10}})
    assert first["ItemCount"] == 10 and first["ItemTotalCount"] == len(demo_videos(services))
    video = first["Videos"][0]
    assert set(video) >= {"AssetId", "ClipLength", "Era", "ShotSpeed", "Urls", "DownloadSizes"}
    assert video["Urls"]["FlashPreview"].split("?")[0].endswith(".mp4")
    second = _result(anonymous, token, {"ResultOptions": {"ItemCount": 10, "ItemStartNumber": 11}})
    assert not {v["AssetId"] for v in first["Videos"]} & {v["AssetId"] for v in second["Videos"]}


def test_filters_and_asset_ids(anonymous: Any, token: str, services: Services) -> None:
    body = {"Filter": {"AssetFamilies": ["Editorial"], "ClipType": ["Raw"], "Formats": ["SD"]}}
    result = _result(anonymous, token, {**body, "ResultOptions": {"ItemCount": 90}})
    found = services.catalog.get_assets([v["AssetId"] for v in result["Videos"]])
    assert found and all(
        a.asset_family == "editorial" and a.video and a.video.editorial_type == "raw"
        for a in found.values()
    )
    wanted = [v.id for v in demo_videos(services)[:3]]
    by_ids = _result(anonymous, token, {"Query": {"AssetIds": [*wanted, "999999999"]}})
    assert [v["AssetId"] for v in by_ids["Videos"]] == wanted


def test_no_match_and_bad_input(anonymous: Any, token: str) -> None:
    none = call(anonymous, _PATH, {"Query": {"SearchPhrase": "zzzqqq"}}, token)
    assert status(none) == ("warning", ["NoVideos"])
    bad = call(anonymous, _PATH, {"Filter": {"Formats": ["8K"]}}, token)
    assert (
        status(bad)[0] == "error" and "Formats" in bad["ResponseHeader"]["StatusList"][0]["Message"]
    )
    too_many = call(anonymous, _PATH, {"ResultOptions": {"ItemCount": 91}}, token)
    assert status(too_many) == ("error", ["MaxExceeded"])


def _answers(http: Any, requests: list[tuple[str, str, dict[str, Any]]]) -> dict[int, bytes]:
    """The raw answer to each of ``requests`` (token, base URL, body) by its position."""
    answers = {}
    for index, (token, base, body) in enumerate(requests):
        envelope = {"RequestHeader": {"Token": token}, "SearchForVideosRequestBody": body}
        answers[index] = http.post(f"{base}{_PATH}", json=envelope).content
    return answers


def test_kept_video_documents_answer_as_fresh_ones(
    anonymous: Any, token: str, demo: DemoCredentials, services: Services
) -> None:
    videos = demo_videos(services)
    ids = [v.id for v in videos[:12]]
    bodies: list[dict[str, Any]] = [
        {"ResultOptions": {"ItemCount": 25}},
        {"ResultOptions": {"ItemCount": 10, "ItemStartNumber": 6, "SortOrder": "MostRecent"}},
        {"Filter": {"AssetFamilies": ["Editorial"]}, "ResultOptions": {"ItemCount": 5}},
        {"Filter": {"Formats": ["HD"]}, "ResultOptions": {"SortOrder": "MostPopular"}},
        {"Query": {"AssetIds": [*ids, ids[0], "999999999"]}, "ResultOptions": {"ItemCount": 5}},
        {"Query": {"AssetIds": ids[::-1]}, "ResultOptions": {"ItemStartNumber": 4, "ItemCount": 3}},
    ]
    app_token = session(anonymous, demo, user=False)["Token"]
    callers = [(token, SECURE), (app_token, PLAIN), (token, PLAIN)]
    requests = [(who, base, body) for who, base in callers for body in bodies]
    services.catalog.save_assets([videos[0]])  # no change, but every kept document goes
    fresh = _answers(anonymous, requests)
    services.catalog.save_assets([videos[0]])
    last = len(requests) - 1
    kept = _answers(anonymous, requests[::-1])  # each document kept by another request
    assert {last - i: answer for i, answer in kept.items()} == fresh
    assert all(b'"Status":"success"' in answer for answer in fresh.values())


def test_an_edited_video_is_shown_edited(anonymous: Any, token: str, services: Services) -> None:
    video = demo_videos(services)[0]
    by_id = {"Query": {"AssetIds": [video.id]}}
    assert _result(anonymous, token, by_id)["Videos"][0]["Caption"] == video.caption  # kept
    services.catalog.save_assets([dataclasses.replace(video, caption="Recaptioned")])
    try:
        assert _result(anonymous, token, by_id)["Videos"][0]["Caption"] == "Recaptioned"
    finally:
        services.catalog.save_assets([video])
    assert _result(anonymous, token, by_id)["Videos"][0]["Caption"] == video.caption
