"""SearchForImages, GetEventDetails, SearchForVideos in-process."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import call, search_images, session, status


@pytest.fixture(scope="module")
def token(anonymous: Any, demo: DemoCredentials) -> str:
    found: str = session(anonymous, demo)["Token"]
    return found


def _search(http: Any, token: str, **body: Any) -> dict[str, Any]:
    return search_images(http, token, **body)


def test_search_pages_and_filters(anonymous: Any, token: str) -> None:
    first = _search(anonymous, token, Filter={"ImageFamilies": ["creative"]})
    assert status(first) == ("success", [])
    result = first["SearchForImagesResult"]
    assert result["ItemCount"] == 10 and result["ItemTotalCount"] > 10
    assert {image["ImageFamily"] for image in result["Images"]} == {"Creative"}
    assert result["Images"][0]["DateCreated"].startswith("/Date(")
    options = {"ItemCount": 10, "ItemStartNumber": 11}
    second = _search(
        anonymous, token, ResultOptions=options, Filter={"ImageFamilies": ["creative"]}
    )
    ids = {i["ImageId"] for i in second["SearchForImagesResult"]["Images"]}
    assert ids.isdisjoint(i["ImageId"] for i in result["Images"])


def test_refinements_round_trip(anonymous: Any, token: str) -> None:
    options = {"ItemCount": 5, "ItemStartNumber": 1, "RefinementOptionsSet": "RefinementSet1"}
    refined = _search(anonymous, token, ResultOptions=options)["SearchForImagesResult"]
    option = next(o for o in refined["RefinementOptions"] if o["Category"] == "PhotographerName")
    again = _search(
        anonymous,
        token,
        Filter={"Refinements": [{"Category": option["Category"], "Id": option["Id"]}]},
    )["SearchForImagesResult"]
    assert again["ItemTotalCount"] == option["ImageCount"]


def test_no_images_is_a_warning(anonymous: Any, token: str) -> None:
    empty = _search(anonymous, token, Query={"SearchPhrase": "zzqqxxnothing"})
    assert status(empty) == ("warning", ["NoImages"])
    assert empty["SearchForImagesResult"]["Images"] == []


@pytest.mark.parametrize(
    ("body", "code", "named"),
    [
        (
            {"ResultOptions": {"ItemCount": 7, "ItemStartNumber": 1}},
            "InvalidItemCount",
            "ItemCount",
        ),
        ({"ResultOptions": {"ItemCount": 500, "ItemStartNumber": 1}}, "MaxExceeded", "ItemCount"),
        ({"ResultOptions": {"ItemCount": 5, "ItemStartNumber": 0}}, "InvalidItemStartNumber", ""),
        ({"Filter": {"Orientations": ["Diagonal"]}}, "InvalidRequest", "Diagonal"),
        ({"Filter": {"ImageFamilies": "creative"}}, "InvalidRequest", "ImageFamilies"),
        ({"Query": {"KeywordIds": ["abc"]}}, "InvalidRequest", "KeywordIds"),
        (
            {"Query": {"DateCreatedRange": {"StartDate": "yesterday"}}},
            "InvalidRequest",
            "StartDate",
        ),
    ],
)
def test_bad_search_bodies_name_the_fault(
    anonymous: Any, token: str, body: dict[str, Any], code: str, named: str
) -> None:
    document = _search(anonymous, token, **body)
    assert status(document) == ("error", [code])
    assert named in document["ResponseHeader"]["StatusList"][0]["Message"]
    assert document["SearchForImagesResult"] is None


def test_both_date_forms_are_accepted(anonymous: Any, token: str) -> None:
    for start in ("\\/Date(0-0800)\\/", "/Date(0)/", "1970-01-01T00:00:00Z"):
        dates = {"StartDate": start}
        document = _search(anonymous, token, Query={"SearchPhrase": "", "DateCreatedRange": dates})
        assert status(document)[0] == "success", document


def test_event_details_and_videos(anonymous: Any, token: str, services: Any) -> None:
    event_id = next(iter(services.catalog.reference().events))
    body = {"EventIds": [event_id, 999999999]}
    results = call(anonymous, "/v1/search/GetEventDetails", body, token)["GetEventDetailsResult"]
    assert [r["Status"] for r in results["EventResult"]] == ["Success", "Not Found"]
    videos = call(anonymous, "/v1/search/SearchForVideos", {"Query": {"SearchPhrase": "x"}}, token)
    assert status(videos) == ("warning", ["NoVideos"])
    assert videos["SearchForVideosResult"]["Videos"] == []


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", "JSON object"),
        (b'{"SearchForImages2RequestBody": {}}', "RequestHeader"),
        (b'{"RequestHeader": {}}', "SearchForImages2RequestBody"),
        (b'{"RequestHeader": {}, "SearchForImages2RequestBody": 3}', "JSON object"),
    ],
)
def test_malformed_envelopes(anonymous: Any, content: bytes, named: str) -> None:
    response = anonymous.post(
        "https://photobank.test/v1/search/SearchForImages",
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200
    header = response.json()["ResponseHeader"]
    assert header["Status"] == "error" and header["StatusList"][0]["Code"] == "InvalidRequest"
    assert named in header["StatusList"][0]["Message"]


def test_unknown_operation_and_method(anonymous: Any) -> None:
    unknown = anonymous.post("https://photobank.test/v1/search/Nope", json={"RequestHeader": {}})
    assert unknown.json()["ResponseHeader"]["Status"] == "error"
    wrong = anonymous.get("https://photobank.test/v1/search/SearchForImages")
    assert wrong.json()["ResponseHeader"]["StatusList"][0]["Code"] == "InvalidRequest"


def test_v2_search_takes_its_own_body_key(anonymous: Any, token: str) -> None:
    body = {"Query": {"SearchPhrase": ""}, "ResultOptions": {"ItemCount": 2, "ItemStartNumber": 1}}
    path, key = "/v2/search/SearchForImages", "SearchForImagesRequestBody"
    document = call(anonymous, path, body, token, body_key=key)
    assert status(document) == ("success", [])
    assert document["SearchForImagesResult"]["ItemCount"] == 2
