"""Encoded items: the plain projection's bytes, bounded in bytes, never kept from data
read before the catalog changed, and never shown to a caller with another view."""

from __future__ import annotations

import gc
import threading
import tracemalloc
from collections.abc import Mapping
from dataclasses import replace

import anyio
import orjson

from photobank.api.v3.fields import Endpoint, plan_fields
from photobank.api.v3.fragments import FragmentCache
from photobank.api.v3.projection import project
from photobank.api.v3.projection_context import ProjectionContext
from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.config import MIB
from photobank.media.policy import Watermarks
from tests.deployment import DISTRIBUTED

DETAIL = Endpoint("/v3/images/{id}", None, "detail")
SEARCH = Endpoint("/v3/search/images", "ImageSearchItem", "search")


def _context(services: Services, budget: int) -> ProjectionContext:
    reference = services.catalog.reference()
    cache = FragmentCache(budget)
    return ProjectionContext(reference, "http://photobank.test", services.media_urls, cache)


def test_items_are_the_plain_projection_encoded(services: Services) -> None:
    assets = next(services.catalog.repository.iter_assets(50))
    plan = plan_fields(DETAIL, ("detail_set", "display_set", "download_sizes"), True)
    ctx = _context(services, MIB)
    for _ in range(2):  # new, then from the cache
        answer = orjson.dumps({"images": ctx.items(assets, plan)})
        assert answer == orjson.dumps({"images": [project(a, plan, ctx) for a in assets]})
    assert ctx.project(assets[0], plan) == project(assets[0], plan, ctx)


def test_the_cache_keeps_its_budget_and_weighs_what_it_holds(services: Services) -> None:
    assets = next(services.catalog.repository.iter_assets(200))
    plan = plan_fields(DETAIL, ("detail_set",), False)
    ctx = _context(services, 64 * 1024)
    encoded = ctx.cache.encoded(assets, plan, ctx)
    assert 0 < ctx.cache.weight <= 64 * 1024
    big = _context(services, 16 * MIB)
    big.cache.encoded(assets, plan, big)
    assert big.cache.weight >= sum(len(data) for data in encoded)


def test_the_items_kept_hold_no_more_memory_than_they_are_weighed(services: Services) -> None:
    """orjson's bytes keep the buffer it reserved, several times their length: a kept
    item is a copy of its own length, so the budget bounds the memory they take."""
    assets = next(services.catalog.repository.iter_assets(200))
    plan = plan_fields(SEARCH, ("detail_set", "display_set"), False)
    ctx = _context(services, 16 * MIB)
    ctx.cache.encoded(assets[:1], plan, ctx)  # what projecting remembers once
    gc.collect()
    tracemalloc.start()
    try:
        ctx.cache.encoded(assets[1:], plan, ctx)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert 0 < held <= ctx.cache.weight


def test_an_item_read_before_a_change_is_not_kept(services: Services) -> None:
    assets = next(services.catalog.repository.iter_assets(5))
    plan = plan_fields(SEARCH, None, False)
    ctx = _context(services, MIB)
    cache = ctx.cache
    assert isinstance(cache, FragmentCache)
    cache.clear()  # the catalog changed after ctx was made, before the items were encoded
    cache.encoded(assets, plan, ctx)
    assert len(cache) == 0
    fresh = replace(ctx, generation=cache.generation)
    cache.encoded(assets, plan, fresh)
    assert len(cache) == len(assets)


def test_another_view_gets_its_own_items(services: Services) -> None:
    asset = next(services.catalog.repository.iter_assets(1))[0]
    plan = plan_fields(SEARCH, ("display_set",), False)
    ctx = _context(services, MIB)
    seen = {bytes(ctx.cache.encoded([asset], plan, ctx)[0])}
    other_base = replace(ctx, base_url="http://elsewhere.test")
    seen.add(ctx.cache.encoded([asset], plan, other_base)[0])
    unmarked = replace(ctx, watermarks=Watermarks(0))  # nothing watermarked
    seen.add(ctx.cache.encoded([asset], plan, unmarked)[0])
    assert len(seen) == 3


def test_callers_from_countless_hosts_get_their_own_links_within_the_budget(
    services: Services,
) -> None:
    asset = next(services.catalog.repository.iter_assets(1))[0]
    plan = plan_fields(SEARCH, ("display_set",), False)
    ctx = _context(services, 256 * 1024)
    for number in range(3_000):  # more views than are numbered at once
        host = replace(ctx, base_url=f"http://{'h' * 100}{number}.test")
        [data] = host.cache.encoded([asset], plan, host)
        assert data == orjson.dumps(project(asset, plan, host))
    assert ctx.cache.weight <= 256 * 1024


def test_assets_read_for_missing_items_are_read_off_the_event_loop_only_when_they_wait(
    services: Services,
) -> None:
    ids = [asset.id for asset in next(services.catalog.repository.iter_assets(12))]
    plan = plan_fields(SEARCH, ("detail_set",), False)
    ctx = _context(services, MIB)
    readers: list[int] = []
    asked: list[list[str]] = []

    def load(missing: list[str]) -> Mapping[str, Asset]:
        readers.append(threading.get_ident())
        asked.append(missing)
        return services.catalog.get_assets(missing)

    async def page(ids: list[str], waits: bool) -> tuple[int, dict[str, bytes]]:
        items = await ctx.cache.read_of_ids(ids, plan, ctx, load, lambda _missing: waits)
        return threading.get_ident(), items

    loop, items = anyio.run(page, ids[:6], True)
    assert list(items) == ids[:6] and readers[-1] != loop  # a worker thread read them
    loop, items = anyio.run(page, ids, False)
    assert list(items) == ids and readers[-1] == loop  # cheap to read: read right here
    assert asked == [ids[:6], ids[6:]]  # the kept six were not read again
    assert anyio.run(page, ids, True)[1] == items and len(readers) == 2  # all kept: no read
    loop, found = anyio.run(page, [*ids, "999999999"], True)
    assert found == items and asked[2:] == [["999999999"]]  # only the one not kept was read


def test_only_assets_asked_of_a_database_server_wait(services: Services) -> None:
    catalog = services.catalog
    ids = [asset.id for asset in next(catalog.repository.iter_assets(5))]
    catalog.clear_caches()
    assert catalog.must_wait(ids) is DISTRIBUTED  # PostgreSQL: a round trip; SQLite: none
    catalog.get_assets(ids)
    assert not catalog.must_wait(ids)  # in memory
    assert not catalog.must_wait(["not-an-id"])  # never read
