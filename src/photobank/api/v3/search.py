"""``GET /v3/search/images`` (blended, deprecated), ``/creative`` and ``/editorial``;
``GET /v3/search/videos`` (blended, served as Getty did though the contract
dropped it), ``/creative`` and ``/editorial``.

Integration suites ask the same search again and again, and its answer changes
only with the catalog: a successful answer is kept encoded (a
:class:`~.response_cache.ResponseCache` of its own, bounded by
``PHOTOBANK_V3_SEARCH_CACHE_MB`` and emptied on every catalog change) under
:func:`answer_key`, and replayed byte for byte without searching. A new answer is
also kept under its query as sent, which the gateway replays before routing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlencode

import orjson
from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import (
    Audience,
    audience,
    content_language,
    field_plan,
    projection_context,
    services,
)
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import parse_query
from photobank.api.v3.projection_context import iso
from photobank.api.v3.response_cache import ResponseCache, replay_key
from photobank.api.v3.search_params import (
    build_search_query,
    build_video_query,
    check_country_code,
)
from photobank.search.query import Concurrency
from photobank.search.service import FacetEntry, SearchPage

_RELATED_SEARCHES = 5
_DEEP_OFFSET = 1_000  # hits skipped from which a search goes to a worker thread
_T = TypeVar("_T")


class _Engine:
    """Runs searches on the event loop while they are quick, on a worker thread once
    they are slow. Handing a call to a thread and back costs about 150 µs of CPU
    (measured on the 10,000-asset demo: 650 µs a search through a thread, 500 inline;
    over HTTP 20 % more searches a second inline at 1 and at 64 connections), more
    than it saves when the engine's own share is short; a slow search (a large
    catalog, facets, a deep page) on the loop would hold up every other request."""

    _SLOW_S = 0.001  # the mean CPU time of a search above which it goes to a thread

    def __init__(self) -> None:
        self._mean = 0.0  # CPU seconds of recent searches, a moving average
        self._limiters: dict[int, CapacityLimiter] = {}

    async def run(self, call: Callable[[], _T], concurrency: Concurrency, heavy: bool) -> _T:
        """``concurrency``: the backend's (threads at once; whether quick searches may
        run inline). ``heavy``: a search known to cost more than most (facets, a deep
        page): on a thread, and left out of the average."""
        # The engine releases the GIL while it searches (or waits on its database): on
        # a worker thread its work overlaps the event loop's parsing, projection and I/O.
        threads = self._limiters.get(concurrency.threads)
        if threads is None:
            threads = self._limiters[concurrency.threads] = CapacityLimiter(concurrency.threads)
        if heavy or not concurrency.inline:
            return await to_thread.run_sync(call, limiter=threads)
        timed = partial(self._timed, call)
        if self._mean < self._SLOW_S:
            return timed()
        return await to_thread.run_sync(timed, limiter=threads)


    def _timed(self, call: Callable[[], _T]) -> _T:
        start = time.thread_time()
        try:
            return call()
        finally:
            self._mean += (time.thread_time() - start - self._mean) / 8


_ENGINE = _Engine()


def facets_document(page: SearchPage) -> dict[str, list[dict[str, Any]]]:
    """The ``facets`` object of a search result: each facet's entries as Getty names them."""

    def entry(name: str, e: FacetEntry) -> dict[str, Any]:
        if name == "artists":
            return {"name": e.name}
        if name == "events":
            return {"id": e.id, "name": e.name, "date": iso(e.date)}
        return {"id": e.id, "name": e.name}

    return {name: [entry(name, e) for e in entries] for name, entries in page.facets.items()}


def answer_key(
    path: str, params: dict[str, Any], language: str, seen_by: Audience
) -> tuple[Any, ...]:
    """What a search answer depends on besides the catalog: the operation, its parsed
    parameters (so order, repeats, enum casing and unknown parameters do not matter;
    ``random`` order is a fixed shuffle per query), the language and the audience.
    The parameters are kept as their JSON: a short key is cheap to weigh and hash."""
    values = orjson.dumps(tuple(params.values()), default=repr)
    return (path, values, language, seen_by.key)


def _search_route(path: str, item_schema: str, family: str | None, kind: str = "images") -> Route:
    """``kind``: ``images`` or ``videos``, the key of the result list."""
    videos = kind == "videos"
    endpoint = Endpoint(path, item_schema, "video_search" if videos else "search")
    build = build_video_query if videos else build_search_query

    async def search_assets(request: Request) -> Response:
        params = parse_query(path, request.query_params)
        check_country_code(request.headers.get("gi-country-code"))
        plan = field_plan(request, endpoint, params.get("fields"))
        query = build(params, family)
        seen_by = audience(request)
        language = content_language(request)
        stored: ResponseCache = request.app.state.searches
        raw: bytes = request.scope["query_string"]
        key = answer_key(path, params, language, seen_by)
        replayed = stored.get(key)
        if replayed is not None:
            return replayed
        generation = stored.generation  # the catalog as searched below
        ctx = projection_context(request, seen_by)  # likewise
        related = _RELATED_SEARCHES if params.get("include_related_searches") else 0
        found = services(request)
        page = await _ENGINE.run(
            partial(found.search.find, query, correct=True, related=related),
            found.search.concurrency,
            heavy=bool(query.facet_fields) or query.offset >= _DEEP_OFFSET,
        )
        body: dict[str, Any] = {
            "result_count": page.total,
            kind: list(ctx.items_of(page.ids, plan, found.catalog.get_assets).values()),
        }
        if family == "creative":
            body["auto_corrections"] = {"phrase": page.correction}
        if related:
            body["related_searches"] = [
                {
                    "phrase": phrase,
                    "url": f"{seen_by.base_url}{path}?{urlencode({'phrase': phrase})}",
                }
                for phrase in page.related_phrases
            ]
        if query.facet_fields:
            body["facets"] = facets_document(page)
        response = json_response(body, headers={"Content-Language": language})
        stored.put(key, response, generation)
        # Also as sent, for the gateway to replay before routing and parsing.
        stored.put(replay_key(request.scope, language, seen_by, raw), response, generation)
        return response

    return Route(path, search_assets, methods=["GET"])


routes = [
    _search_route("/v3/search/images", "ImageSearchItem", None),
    _search_route("/v3/search/images/creative", "ImageSearchItemCreative", "creative"),
    _search_route("/v3/search/images/editorial", "ImageSearchItemEditorial", "editorial"),
    _search_route("/v3/search/videos", "BlendedVideoSearchItem", None, "videos"),
    _search_route("/v3/search/videos/creative", "CreativeVideoSearchItem", "creative", "videos"),
    _search_route("/v3/search/videos/editorial", "EditorialVideoSearchItem", "editorial", "videos"),
]
