"""Answers built from kept items, kept answers and replays are byte for byte those of
the plain projection: the same requests by the same callers, in a random order with
repeats, asked of the served app and of one that keeps nothing and projects every
item afresh from assets read anew, answer the same status, headers and body."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection import project
from photobank.api.v3.projection_context import ProjectionContext
from photobank.app import create_app
from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from photobank.media.policy import WatermarkRule
from tests.conftest import ContractClient
from tests.shoppers import new_customer, shopper, sign_in

REQUESTS = 2_000
_HEADERS = (b"content-type", b"content-language", b"content-length", b"cache-control")
_FIELDS = (
    None, "summary_set", "detail_set", "display_set", "id,title", "id,thumb,comp,preview",
    "id,largest_downloads,download_product", "download_sizes,downloads", "keywords,people",
    "id,blurhash,dominant_color", "mid_res_comp,editorial_source_name", "id,clip_length,era",
    "detail_set,display_set,largest_downloads", "no_such_field",
)  # fmt: skip
_FILTERS: tuple[dict[str, str], ...] = (
    {}, {"orientations": "horizontal"}, {"graphical_styles": "photography"},
    {"orientations": "vertical", "sort_order": "newest"}, {"page_size": "5", "page": "2"},
    {"page_size": "100"}, {"page_size": "1"}, {"include_facets": "true"},
    {"exclude_nudity": "true", "orientations": "square,horizontal"}, {"page_size": "0"},
)  # fmt: skip
_SEARCHES = (
    "/v3/search/images", "/v3/search/images/creative", "/v3/search/images/editorial",
    "/v3/search/videos", "/v3/search/videos/creative", "/v3/search/videos/editorial",
)  # fmt: skip
_PHRASES = ("", "lake", "city", "mountain sunset", "people", "zzqx")


class _Plain:
    """Keeps nothing: every item projected afresh, each asset read anew."""

    generation = 0

    def encoded(
        self, assets: Iterable[Asset], plan: FieldPlan, ctx: ProjectionContext
    ) -> list[bytes]:
        return [orjson.dumps(project(a, plan, ctx)) for a in assets]

    def of_ids(
        self,
        ids: list[str],
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
        kind: str | None = None,
    ) -> dict[str, bytes]:
        found = load(ids)
        return {i: orjson.dumps(project(found[i], plan, ctx)) for i in ids if i in found}

    async def read_of_ids(
        self,
        ids: list[str],
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
        must_wait: Callable[[list[str]], bool],
        kind: str | None = None,
    ) -> dict[str, bytes]:
        return self.of_ids(ids, plan, ctx, load, kind)


@pytest.fixture(scope="module")
def plain(services: Services) -> Iterator[TestClient]:
    nothing_kept = services.settings.model_copy(
        update={"v3_search_cache_mb": 0, "v3_answer_cache_mb": 0, "projection_cache_mb": 0}
    )
    app = create_app(services=replace(services, settings=nothing_kept))
    app.state.projections = _Plain()
    yield TestClient(app, base_url="http://photobank.test")


def _callers(
    services: Services, client: ContractClient, demo: DemoCredentials, app_token: str
) -> list[dict[str, str]]:
    """An API key alone, an application token, the demo customer, customers holding
    different products, one who sees previews unwatermarked, another host."""
    key = {"Api-Key": demo.api_key}
    customer, password = new_customer(services)
    services.watermarks.set_rule(WatermarkRule(f"customer:{customer.id}", "any", "any", False))
    return [
        key,
        {**key, "Host": "mirror.example:8443"},
        {**key, "Authorization": f"Bearer {app_token}"},
        {**key, **sign_in(client, demo, demo.username, demo.password)},
        {**key, **shopper(services, client, demo, ProductTerms("premiumaccess")).headers},
        {**key, **shopper(services, client, demo, ProductTerms("creditpack", credits=9)).headers},
        {**key, **sign_in(client, demo, customer.username, password)},
    ]


def _requests(services: Services, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    assets = next(services.catalog.repository.iter_assets(400))
    images = [a.id for a in assets if a.asset_type == "image"]
    videos = [a.id for a in assets if a.asset_type == "video"]
    targets = []
    for _ in range(count):
        params: dict[str, str] = {}
        if (fields := rng.choice(_FIELDS)) is not None:
            params["fields"] = fields
        kind = rng.random()
        if kind < 0.55:
            path = rng.choice(_SEARCHES)
            params.update(rng.choice(_FILTERS))
            if phrase := rng.choice(_PHRASES):
                params["phrase"] = phrase
        elif kind < 0.85:
            ids = rng.sample(images, rng.choice((1, 1, 2, 5))) + rng.sample(
                videos, rng.random() < 0.1
            )
            path = f"/v3/images/{','.join(ids)}"
        else:
            ids = rng.sample(videos, rng.choice((1, 3))) + rng.sample(images, rng.random() < 0.2)
            path = f"/v3/videos/{','.join(ids)}" if rng.random() < 0.7 else "/v3/videos"
            if path == "/v3/videos":
                params["ids"] = ",".join(ids)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        targets.append(f"{path}?{query}" if query else path)
    return [rng.choice(targets) if rng.random() < 0.3 else t for t in targets]  # repeats


def _same(served: TestClient, plain: TestClient, target: str, headers: dict[str, str]) -> int:
    """The status both answered ``target`` with, after checking they answered alike."""
    ours, theirs = served.get(target, headers=headers), plain.get(target, headers=headers)
    assert ours.status_code == theirs.status_code, target
    wanted = {n: theirs.headers.get(n.decode()) for n in _HEADERS}
    assert {n: ours.headers.get(n.decode()) for n in _HEADERS} == wanted, target
    assert ours.content == theirs.content, target
    status: int = ours.status_code
    return status


def test_answers_are_those_of_the_plain_projection(
    app: Any,
    plain: TestClient,
    services: Services,
    client: ContractClient,
    demo: DemoCredentials,
    app_token: str,
) -> None:
    served = TestClient(app, base_url="http://photobank.test")
    callers = _callers(services, client, demo, app_token)
    rng = random.Random(20)
    targets = _requests(services, REQUESTS, seed=20)
    first, second = next(services.catalog.repository.iter_assets(2))[:2]
    statuses = set()
    try:
        for number, target in enumerate(targets):
            if number == REQUESTS // 2:  # the catalog changes: nothing kept from before shows
                services.catalog.save_assets([replace(first, title=f"{first.title} new")], "update")
                services.catalog.withdraw([second.id])
            statuses.add(_same(served, plain, target, rng.choice(callers)))
    finally:
        services.catalog.save_assets([first], "update")
        services.catalog.restore([second.id])
    assert {200, 400, 401, 404} <= statuses  # found, refused, token-only fields, not found
