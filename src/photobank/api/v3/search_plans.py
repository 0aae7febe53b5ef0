"""What a v3 search's query string asks for, worked out once per query string.

Clients repeat the same few thousand searches; parsing one (every documented
parameter of the operation checked, a :class:`SearchQuery` of forty fields
built, the answer's cache key encoded) costs more than assembling its answer
from kept items. So the outcome is kept under the operation and the raw query
string, bounded in bytes (``PHOTOBANK_V3_SEARCH_PLAN_CACHE_MB``; one cache per
app). Only what parsing accepted is kept: a refused query string is refused
afresh each time, with the same error. Nothing kept depends on the catalog or
on the caller (the field plan is kept both with and without an access token),
so the cache is never emptied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.datastructures import QueryParams

from photobank.api.v3.common import require_token
from photobank.api.v3.fields import Endpoint, FieldPlan, explicit_token_fields, plan_fields
from photobank.api.v3.params import parse_query
from photobank.lru import LruCache, compact
from photobank.search.query import SearchQuery

# A kept search's memory besides its query string's: the SearchQuery, both field
# plans, the key and the entry (measured with tracemalloc, rounded up; the tests
# check it stays an over-estimate), and per character of the query string (its
# values live on in the query, its parameters' JSON in the key).
_BASE_BYTES = 6_000
_PER_QUERY_BYTE = 24

_DEEP_OFFSET = 1_000  # hits skipped from which a search goes to a worker thread
_RELATED_SEARCHES = 5

Build = Callable[[dict[str, Any], str | None], SearchQuery]


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """A search as its query string asks for it, ready to run for any caller."""

    query: SearchQuery
    values: bytes  # the parsed parameters as JSON: part of the answer's key (see .search)
    related: int  # related searches asked for
    heavy: bool  # facets or a deep page: on a worker thread
    token_fields: tuple[str, ...]  # licensing fields named explicitly
    without_token: FieldPlan
    with_token: FieldPlan

    def field_plan(self, with_token: bool) -> FieldPlan:
        """What to project for a caller, refusing named licensing fields without a token."""
        if with_token:
            return self.with_token
        require_token(self.token_fields, with_token)
        return self.without_token


def _weigh(key: tuple[str, bytes], plan: SearchPlan) -> int:
    return _BASE_BYTES + _PER_QUERY_BYTE * len(key[1]) + len(plan.values)


class SearchPlans:
    """:class:`SearchPlan` by operation and raw query string, bounded in bytes."""

    def __init__(self, budget: int) -> None:
        """``budget``: bytes the kept plans may weigh in all."""
        self._plans: LruCache[tuple[str, bytes], SearchPlan] = LruCache(budget, _weigh)

    def get(self, path: str, raw: bytes) -> SearchPlan | None:
        return self._plans.get((path, raw))

    def parse(self, path: str, raw: bytes) -> dict[str, Any]:
        """The operation's parameters in ``raw`` (refused: ``InvalidParameter``)."""
        return parse_query(path, QueryParams(raw))

    def plan(
        self,
        endpoint: Endpoint,
        raw: bytes,
        params: dict[str, Any],
        build: Build,
        family: str | None,
    ) -> SearchPlan:
        """The plan of ``params`` (parsed from ``raw``), kept once the query is built."""
        query = build(params, family)
        requested = params.get("fields")
        plan = SearchPlan(
            query=query,
            values=compact(orjson.dumps(tuple(params.values()), default=repr)),
            related=_RELATED_SEARCHES if params.get("include_related_searches") else 0,
            heavy=bool(query.facet_fields) or query.offset >= _DEEP_OFFSET,
            token_fields=tuple(explicit_token_fields(requested)),
            without_token=plan_fields(endpoint, requested, False),
            with_token=plan_fields(endpoint, requested, True),
        )
        self._plans.put((endpoint.path, raw), plan)
        return plan

    @property
    def weight(self) -> int:
        return self._plans.weight

    def __len__(self) -> int:
        return len(self._plans)
