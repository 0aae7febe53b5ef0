"""``GET /v3/search/images`` (blended, deprecated), ``/creative`` and ``/editorial``;
``GET /v3/search/videos`` (blended, served as Getty did though the contract
dropped it), ``/creative`` and ``/editorial``.

Integration suites ask the same search again and again, and its answer changes
only with the catalog: a successful answer is kept encoded (a
:class:`~.response_cache.ResponseCache` of its own, bounded by
``PHOTOBANK_V3_SEARCH_CACHE_MB`` and emptied on every catalog change) under its
parsed parameters, language and audience, and replayed byte for byte without
searching. A new answer is also kept under its query as sent, which the gateway
replays before routing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

import orjson
from anyio import CapacityLimiter, to_thread
from starlette.routing import Route
from starlette.types import Scope

from photobank.api.http import json_headers, origin, view_headers
from photobank.api.v3.common import (
    Audience,
    audience_of,
    context_of,
    negotiate_language,
    require_token,
)
from photobank.api.v3.fields import Endpoint, explicit_token_fields
from photobank.api.v3.operation import Headers, PlainOperation
from photobank.api.v3.projection_context import iso
from photobank.api.v3.response_cache import ResponseCache, replay_key
from photobank.api.v3.search_params import (
    build_search_query,
    build_video_query,
    check_country_code,
)
from photobank.api.v3.search_plans import SearchPlans
from photobank.search.query import Concurrency, SearchQuery
from photobank.search.service import FacetEntry, SearchPage

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.composition import Services

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


class SearchOperation(PlainOperation):
    """One search operation, called by the gateway without routing (:mod:`.operation`)
    and by the router on other methods.

    What a query string asks for is worked out once (:mod:`.search_plans`); a
    page's items are the kept ones joined as they are (:mod:`.fragments`), the
    rest of the answer encoded around them."""

    def __init__(self, path: str, item_schema: str, family: str | None, kind: str) -> None:
        """``kind``: ``images`` or ``videos``, the key of the result list."""
        videos = kind == "videos"
        self.path = path
        self._family = family
        self._endpoint = Endpoint(path, item_schema, "video_search" if videos else "search")
        self._build = build_video_query if videos else build_search_query
        self._list_key = f',"{kind}":['.encode()

    async def answer(self, scope: Scope) -> tuple[Headers, bytes]:
        state = scope["app"].state
        found: Services = state.services
        raw: bytes = scope["query_string"]
        plans: SearchPlans = state.search_plans
        plan = plans.get(self.path, raw)
        params = plans.parse(self.path, raw) if plan is None else None
        host, accepted, country = view_headers(scope)
        check_country_code(country)
        who: Caller = scope["state"]["caller"]
        with_token = who.token is not None
        if params is not None:  # checked in the order a request is answered in
            require_token(explicit_token_fields(params.get("fields")), with_token)
            plan = plans.plan(self._endpoint, raw, params, self._build, self._family)
        assert plan is not None
        fields = plan.field_plan(with_token)
        seen_by = audience_of(found, who, origin(found.settings.public_url, scope, host))
        language = negotiate_language(accepted or "")
        stored: ResponseCache = state.searches
        # What the answer depends on besides the catalog: the parsed parameters (so
        # order, repeats, enum casing and unknown parameters do not matter; ``random``
        # order is a fixed shuffle per query), the language and the audience.
        key = (self.path, plan.values, language, seen_by.key)
        replayed = stored.get_encoded(key)
        if replayed is not None:
            return list(replayed[1]), replayed[2]
        generation = stored.generation  # the catalog as searched below
        ctx = context_of(found, state.projections, seen_by)  # likewise
        page = await _ENGINE.run(
            partial(found.search.find, plan.query, correct=True, related=plan.related),
            found.search.concurrency,
            heavy=plan.heavy,
        )
        catalog = found.catalog  # items not kept are projected from assets read off the loop
        items = await ctx.cache.read_of_ids(
            page.ids, fields, ctx, partial(catalog.get_assets, keep=False), catalog.must_wait
        )
        body = b"".join(
            (
                b'{"result_count":',
                str(page.total).encode(),
                self._list_key,
                b",".join(items.values()),
                b"]",
                self._rest(page, plan.query, plan.related, seen_by),
            )
        )
        headers = json_headers(body, {"Content-Language": language})
        kept = tuple(headers)
        stored.put_encoded(key, kept, body, generation)
        # Also as sent, for the gateway to replay before routing and parsing.
        stored.put_encoded(replay_key(scope, language, seen_by, raw), kept, body, generation)
        return headers, body

    def _rest(self, page: SearchPage, query: SearchQuery, related: int, seen_by: Audience) -> bytes:
        """The answer's members after its items, encoded, and its closing brace."""
        rest: dict[str, Any] = {}
        if self._family == "creative":
            rest["auto_corrections"] = {"phrase": page.correction}
        if related:
            rest["related_searches"] = [
                {
                    "phrase": phrase,
                    "url": f"{seen_by.base_url}{self.path}?{urlencode({'phrase': phrase})}",
                }
                for phrase in page.related_phrases
            ]
        if query.facet_fields:
            rest["facets"] = facets_document(page)
        return b"," + orjson.dumps(rest)[1:] if rest else b"}"


operations = (
    SearchOperation("/v3/search/images", "ImageSearchItem", None, "images"),
    SearchOperation("/v3/search/images/creative", "ImageSearchItemCreative", "creative", "images"),
    SearchOperation(
        "/v3/search/images/editorial", "ImageSearchItemEditorial", "editorial", "images"
    ),
    SearchOperation("/v3/search/videos", "BlendedVideoSearchItem", None, "videos"),
    SearchOperation("/v3/search/videos/creative", "CreativeVideoSearchItem", "creative", "videos"),
    SearchOperation(
        "/v3/search/videos/editorial", "EditorialVideoSearchItem", "editorial", "videos"
    ),
)
routes = [Route(operation.path, operation, methods=["GET"]) for operation in operations]
