"""Projected documents weigh at least what they hold, and their cache keeps its budget."""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

from photobank.api.v3.fields import Endpoint, plan_fields
from photobank.api.v3.projection import ProjectionCache, weigh_document
from photobank.api.v3.projection_context import ProjectionContext
from photobank.composition import Services
from photobank.config import MIB

DETAIL = Endpoint("/v3/images/{id}", None, "detail")


def _context(services: Services, budget: int) -> ProjectionContext:
    reference = services.catalog.reference()
    cache = ProjectionCache(budget)
    return ProjectionContext(reference, "http://photobank.test", services.media_urls, cache)


def test_documents_weigh_at_least_what_they_hold(services: Services) -> None:
    assets = next(services.catalog.repository.iter_assets(200))
    plan = plan_fields(DETAIL, ("detail_set", "download_sizes"), True)
    ctx = _context(services, MIB)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        documents: list[dict[str, Any]] = [ctx.cache.project(a, plan, ctx) for a in assets]
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    estimated = sum(weigh_document((), document) for document in documents)
    assert held <= estimated <= 2 * held


def test_the_cache_keeps_its_budget(services: Services) -> None:
    assets = next(services.catalog.repository.iter_assets(200))
    plan = plan_fields(DETAIL, ("detail_set",), False)
    ctx = _context(services, 64 * 1024)
    for asset in assets:
        ctx.project(asset, plan)
    assert 0 < ctx.cache.weight <= 64 * 1024
