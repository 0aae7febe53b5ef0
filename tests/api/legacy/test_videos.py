"""SearchForVideos over the catalog's videos."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import call, session, status
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
