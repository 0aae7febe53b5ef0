"""Asset ids from a path or a query: each once, at least one, at most a hundred."""

from __future__ import annotations

import pytest

from photobank.api.v3.by_id import MAX_IDS, checked_ids, split_ids
from photobank.composition import Services
from photobank.errors import InvalidParameter
from tests.api.v3.test_videos import demo_videos
from tests.conftest import ContractClient


def test_a_paths_list_keeps_its_order_without_repeats() -> None:
    assert split_ids("3, 1,3,2", "ids") == ["3", "1", "2"]
    assert checked_ids(["7", "7"], "ids", "image") == ["7"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Parameter 'id' must name at least one video id."),
        ("  ", "Parameter 'id' must name at least one video id."),
        ("1,,2", "Invalid value '1,,2' for parameter 'id': a list element is empty."),
        ("1\x002", "Parameter 'id' contains control characters."),
        (",".join(str(n) for n in range(MAX_IDS + 1)), "Parameter 'id' accepts at most 100 ids."),
    ],
)
def test_a_bad_list_is_refused_naming_the_parameter(raw: str, message: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        split_ids(raw, "id", "video")
    assert (refused.value.parameter, refused.value.message) == ("id", message)


def test_a_hundred_ids_are_taken(client: ContractClient) -> None:
    ids = ",".join(str(900000000 + n) for n in range(MAX_IDS))
    response = client.get(f"/v3/images/{ids}")
    assert response.status_code == 404  # none exists, but the list itself was taken


def test_videos_use_their_own_not_found_code_and_list(
    client: ContractClient, services: Services
) -> None:
    video = demo_videos(services)[0]
    missing = client.get("/v3/videos/999999999")
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "VideosNotFound")
    assert missing.json()["ErrorMessage"] == "Video not found: 999999999"
    both = client.get(f"/v3/videos/{video.id},999999999").json()
    assert [v["id"] for v in both["videos"]] == [video.id]
    assert both["videos_not_found"] == ["999999999"]
