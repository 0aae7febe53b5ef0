"""Searches worked out once per query string: the same answers and refusals as when
every request is parsed afresh, within a byte budget."""

from __future__ import annotations

import dataclasses
import gc
import tracemalloc
from typing import Any

import pytest

from photobank.api.v3.fields import Endpoint
from photobank.api.v3.search_params import build_search_query
from photobank.api.v3.search_plans import SearchPlans
from photobank.app import create_app
from photobank.composition import Services
from photobank.config import MIB
from photobank.demo.credentials import DemoCredentials
from photobank.errors import InvalidParameter
from tests.conftest import ContractClient

SEARCH = "/v3/search/images"
_ENDPOINT = Endpoint(SEARCH, "ImageSearchItem", "search")
_QUERIES = (
    b"",
    b"phrase=mountain",
    b"phrase=mountain+lake+at+dawn&fields=id,title,display_set,detail_set&page_size=100",
    b"phrase=x&orientations=horizontal,vertical,square&graphical_styles=photography"
    b"&collection_codes=" + b",".join(b"C%d" % i for i in range(200)),
    b"keyword_ids=" + b",".join(b"%d" % i for i in range(300)) + b"&sort_order=newest",
    b"specific_people=" + b",".join(b"Person+%d" % i for i in range(300)),
)


def _planned(plans: SearchPlans, raw: bytes) -> Any:
    return plans.plan(_ENDPOINT, raw, plans.parse(SEARCH, raw), build_search_query, None)


@pytest.mark.parametrize("raw", _QUERIES)
def test_a_kept_search_weighs_no_more_than_its_weight_says(raw: bytes) -> None:
    _planned(SearchPlans(MIB), raw)  # warm what parsing remembers for every query
    plans = SearchPlans(MIB)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        _planned(plans, bytes(raw))  # a copy: the key holds its own query string
        gc.collect()
        grown = tracemalloc.take_snapshot().compare_to(before, "filename")
    finally:
        tracemalloc.stop()
    held = sum(stat.size_diff for stat in grown if stat.size_diff > 0)
    assert held <= plans.weight, f"{held} bytes held, {plans.weight} weighed"


def test_kept_searches_stay_within_their_budget() -> None:
    plans = SearchPlans(64 * 1024)
    for n in range(200):
        _planned(plans, b"phrase=word%d&page=%d" % (n, n + 1))
        assert plans.weight <= 64 * 1024
    assert 0 < len(plans) < 200
    assert plans.get(SEARCH, b"phrase=word199&page=200") is not None


def test_a_refused_query_is_refused_again_and_not_kept() -> None:
    plans = SearchPlans(MIB)
    for _ in range(2):
        with pytest.raises(InvalidParameter, match="page_size"):
            plans.parse(SEARCH, b"page_size=1000")
    assert len(plans) == 0


def test_the_plans_budget_is_a_setting(services: Services, demo: DemoCredentials) -> None:
    settings = services.settings.model_copy(update={"v3_search_plan_cache_mb": 1})
    app = create_app(settings, dataclasses.replace(services, settings=settings))
    client = ContractClient(app, base_url="http://photobank.test")  # no lifespan: shared services
    for n in range(300):  # 6 KB or more each
        found = client.get(f"{SEARCH}?phrase=zzqq{n}", headers={"Api-Key": demo.api_key})
        assert found.status_code == 200
    plans: SearchPlans = app.state.search_plans
    assert 100 < len(plans) < 300 and plans.weight <= MIB


def test_checks_answer_in_the_same_order_kept_or_not(client: ContractClient) -> None:
    """A query string refused for its colour with a bad GI-Country-Code names the
    header (checked first), however often it was asked; without a token, named
    licensing fields are refused before the colour is looked at."""
    bad = {"GI-Country-Code": "XQZ"}
    for _ in range(2):
        refused = client.get(f"{SEARCH}?color=zz", headers=bad)
        assert refused.status_code == 400 and "GI-Country-Code" in refused.text
        colour = client.get(f"{SEARCH}?color=zz")
        assert colour.status_code == 400 and "'color'" in colour.text
        named = client.get(f"{SEARCH}?color=zz&fields=id,largest_downloads")
        assert named.status_code == 401 and "largest_downloads" in named.text


def test_a_kept_search_still_asks_for_a_token(client: ContractClient, user_token: str) -> None:
    url = f"{SEARCH}?fields=id,largest_downloads&page_size=2"
    for _ in range(2):
        signed_in = client.get(url, headers={"Authorization": f"Bearer {user_token}"})
        assert signed_in.status_code == 200
        assert all("largest_downloads" in image for image in signed_in.json()["images"])
        assert client.get(url).status_code == 401


def test_other_methods_still_reach_the_router(client: ContractClient) -> None:
    refused = client.post(SEARCH)
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD"
