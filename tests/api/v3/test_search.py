"""``/v3/search/images*`` through HTTP, as a client would use them."""

from __future__ import annotations

import threading
import time
from typing import Any

import anyio
import pytest

from photobank.api.v3.search import _Engine
from photobank.search.query import Concurrency
from tests.conftest import ContractClient

CREATIVE = "/v3/search/images/creative"
EDITORIAL = "/v3/search/images/editorial"
BLENDED = "/v3/search/images"


def search(client: ContractClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def details(client: ContractClient, ids: list[str], fields: str) -> dict[str, dict[str, Any]]:
    response = client.get(f"/v3/images/{','.join(ids)}", params={"fields": fields})
    assert response.status_code == 200, response.text
    return {image["id"]: image for image in response.json()["images"]}


def test_default_page_is_30_summary_items_with_a_thumb(client: ContractClient) -> None:
    body = search(client, CREATIVE)
    assert body["result_count"] > 30
    assert len(body["images"]) == 30
    first = body["images"][0]
    assert {"id", "title", "caption", "asset_family", "collection_code", "max_dimensions"} <= set(
        first
    )
    assert [d["name"] for d in first["display_sizes"]] == ["thumb"]
    assert first["display_sizes"][0]["uri"].startswith("http://photobank.test/media/display/thumb/")


def test_families_are_kept_apart(client: ContractClient) -> None:
    creative = search(client, CREATIVE, fields="asset_family", page_size=100)
    editorial = search(client, EDITORIAL, fields="asset_family", page_size=100)
    blended = search(client, BLENDED, fields="asset_family", page_size=1)
    assert {i["asset_family"] for i in creative["images"]} == {"creative"}
    assert {i["asset_family"] for i in editorial["images"]} == {"editorial"}
    assert blended["result_count"] == creative["result_count"] + editorial["result_count"]


def test_phrase_matches_titles_with_stemming(client: ContractClient) -> None:
    singular = search(client, CREATIVE, phrase="mountain", fields="title", page_size=100)
    plural = search(client, CREATIVE, phrase="Mountains", fields="title", page_size=100)
    assert singular["result_count"] == plural["result_count"] > 0
    assert any("mountain" in image["title"].lower() for image in plural["images"])


def test_best_match_ranks_title_matches_first(client: ContractClient) -> None:
    body = search(client, CREATIVE, phrase="mountain lake", fields="title", page_size=5)
    assert body["images"], "expected hits"
    assert "mountain" in body["images"][0]["title"].lower()


def test_fields_limit_the_response(client: ContractClient) -> None:
    body = search(client, CREATIVE, fields="id,title")
    assert all(set(i) == {"id", "title"} for i in body["images"])


def test_paging_walks_the_results_without_overlap(client: ContractClient) -> None:
    first = search(client, EDITORIAL, page=1, page_size=10, sort_order="newest", fields="id")
    second = search(client, EDITORIAL, page=2, page_size=10, sort_order="newest", fields="id")
    ids1 = {i["id"] for i in first["images"]}
    ids2 = {i["id"] for i in second["images"]}
    assert len(ids1) == len(ids2) == 10 and not ids1 & ids2


def test_a_page_past_the_end_is_empty_with_the_same_count(client: ContractClient) -> None:
    body = search(client, CREATIVE, phrase="", page=1000, page_size=100)
    assert body["images"] == []
    assert body["result_count"] == search(client, CREATIVE)["result_count"]


def test_newest_and_oldest_sort_by_creation_date(client: ContractClient) -> None:
    newest = search(client, EDITORIAL, sort_order="newest", fields="date_created", page_size=50)
    dates = [i["date_created"] for i in newest["images"]]
    assert dates == sorted(dates, reverse=True)
    oldest = search(client, EDITORIAL, sort_order="oldest", fields="date_created", page_size=50)
    dates = [i["date_created"] for i in oldest["images"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("param", "value", "field"),
    [
        ("orientations", "vertical", "orientation"),
        ("graphical_styles", "illustration", "graphical_style"),
    ],
)
def test_filters_narrow_the_results(
    client: ContractClient, param: str, value: str, field: str
) -> None:
    body = search(client, CREATIVE, **{param: value, "fields": field, "page_size": 100})
    assert body["result_count"] > 0
    assert {i[field] for i in body["images"]} == {value}


def test_exclude_filter_type_inverts_the_filter(client: ContractClient) -> None:
    everything = search(client, CREATIVE)["result_count"]
    included = search(client, CREATIVE, graphical_styles="photography")["result_count"]
    excluded = search(
        client, CREATIVE, graphical_styles="photography", graphical_styles_filter_type="exclude"
    )["result_count"]
    assert included + excluded == everything
    assert 0 < included < everything


def test_collection_filter(client: ContractClient) -> None:
    collections = client.get("/v3/collections").json()["collections"]
    code = next(c["code"] for c in collections if c["asset_family"] == "editorial")
    body = search(client, EDITORIAL, collection_codes=code, fields="collection_code", page_size=100)
    assert body["result_count"] > 0
    assert {i["collection_code"] for i in body["images"]} == {code}


def test_editorial_date_range(client: ContractClient) -> None:
    body = search(
        client,
        EDITORIAL,
        date_from="2015-01-01",
        date_to="2016-12-31",
        fields="date_created",
        page_size=100,
    )
    assert body["result_count"] > 0
    assert all("2015-01-01" <= i["date_created"][:10] <= "2016-12-31" for i in body["images"])


def test_number_of_people_filter_matches_people_data(client: ContractClient) -> None:
    body = search(client, EDITORIAL, number_of_people="none", fields="people", page_size=100)
    assert body["result_count"] > 0


def test_facets_count_over_the_whole_result(client: ContractClient) -> None:
    body = search(client, EDITORIAL, include_facets="true", page_size=1)
    facets = body["facets"]
    assert set(facets) == {"artists", "events", "locations", "specific_people"}
    event = facets["events"][0]
    filtered = search(client, EDITORIAL, event_ids=str(event["id"]), page_size=1)
    assert filtered["result_count"] > 0


def test_facet_fields_and_max_count(client: ContractClient) -> None:
    body = search(
        client, CREATIVE, include_facets="true", facet_fields="artists", facet_max_count=3
    )
    assert set(body["facets"]) == {"artists"}
    assert 0 < len(body["facets"]["artists"]) <= 3


def test_related_searches_link_back_to_search(client: ContractClient) -> None:
    body = search(client, CREATIVE, phrase="mountain", include_related_searches="true")
    assert body["related_searches"], "expected related searches"
    assert all("/v3/search/images/creative?phrase=" in r["url"] for r in body["related_searches"])


def test_creative_search_reports_auto_corrections(client: ContractClient) -> None:
    body = search(client, CREATIVE, phrase="mountian")
    assert "auto_corrections" in body


def test_detail_set_on_editorial_has_events_and_display_sizes(client: ContractClient) -> None:
    body = search(client, EDITORIAL, fields="detail_set", page_size=5)
    image = body["images"][0]
    assert image["event_ids"] is not None
    assert [d["name"] for d in image["display_sizes"]] == ["comp", "preview", "thumb"]
    assert image["display_sizes"][0]["is_watermarked"] is True


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page_size=101", "page_size"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("orientations=round", "orientations"),
        ("fields=title,bogus", "fields"),
        ("sort_order=sideways", "sort_order"),
        ("color=red", "color"),
        ("download_product=free", "download_product"),
        ("include_facets=perhaps", "include_facets"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: ContractClient, query: str, parameter: str
) -> None:
    response = client.get(f"{CREATIVE}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["ErrorCode"] == "InvalidParameterValue"
    assert parameter in body["ErrorMessage"]
    assert body["code"] == body["ErrorCode"] and body["message"] == body["ErrorMessage"]


def test_bad_country_code_header_is_400(client: ContractClient) -> None:
    response = client.get(CREATIVE, headers={"GI-Country-Code": "XX"})
    assert response.status_code == 400
    assert "GI-Country-Code" in response.json()["ErrorMessage"]
    assert client.get(CREATIVE, headers={"GI-Country-Code": "gbr"}).status_code == 200


@pytest.mark.parametrize("phrase", ['"unbalanced', "a AND:", "*", "-", "((", "x" * 500, "日本"])
def test_odd_phrases_never_fail(client: ContractClient, phrase: str) -> None:
    assert client.get(CREATIVE, params={"phrase": phrase}).status_code == 200


def test_same_query_same_answer(client: ContractClient) -> None:
    params = {"phrase": "city", "sort_order": "random", "fields": "id"}
    assert search(client, CREATIVE, **params) == search(client, CREATIVE, **params)


def test_content_language_follows_accept_language(client: ContractClient) -> None:
    response = client.get(CREATIVE, headers={"Accept-Language": "fr;q=0.9, xx, de;q=0.5"})
    assert response.headers["content-language"] == "fr"
    assert client.get(CREATIVE).headers["content-language"] == "en-US"


def test_quick_searches_run_on_the_loop_slow_and_heavy_ones_on_a_thread() -> None:
    loop_thread = threading.get_ident()

    def where(seconds: float = 0.0) -> bool:
        end = time.thread_time() + seconds
        while time.thread_time() < end:  # CPU spent, as a search spends it
            pass
        return threading.get_ident() == loop_thread

    computes = Concurrency(threads=2, inline=True)

    async def scenario() -> list[bool]:
        engine = _Engine()
        on_loop = [
            await engine.run(where, computes, heavy=False),
            await engine.run(where, computes, heavy=True),
        ]
        for _ in range(20):  # searches costing 5 ms each: the average passes 1 ms
            await engine.run(lambda: where(0.005), computes, heavy=False)
        return [*on_loop, await engine.run(where, computes, heavy=False)]

    assert anyio.run(scenario) == [True, False, False]


def test_searches_that_wait_on_a_database_overlap_up_to_the_backends_threads() -> None:
    loop_thread = threading.get_ident()
    running, most, counting = 0, 0, threading.Lock()

    def waits() -> bool:
        nonlocal running, most
        with counting:
            running += 1
            most = max(most, running)
        time.sleep(0.05)  # waiting on the database: no CPU, the GIL released
        with counting:
            running -= 1
        return threading.get_ident() == loop_thread

    async def scenario() -> list[bool]:
        engine, found = _Engine(), []
        waiting = Concurrency(threads=4, inline=False)

        async def one() -> None:
            found.append(await engine.run(waits, waiting, heavy=False))

        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(one)
        return found

    assert anyio.run(scenario) == [False] * 8  # never on the loop, quick as each is
    assert most == 4
