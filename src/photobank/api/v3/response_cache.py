"""Encoded responses of the by-id operations, replayed byte for byte.

A client showing a result page asks for the same few thousand assets again and
again; once an answer is encoded, serving it again is a dictionary lookup, which
the gateway does right after authentication and throttling (see
:meth:`ResponseCache.replay`). Entries are keyed by everything the bytes depend
on: the path, the query in canonical form (:func:`canonical_query`: the
operation's own parameters in the contract's order, anything else left out, so
``&x=1``, ``&x=2`` ... cannot each add an entry), the negotiated language and the
caller's :class:`~.common.Audience` (link base, token, watermark decisions,
usable products), worked out afresh for every request. The stored bytes are
bounded by ``PHOTOBANK_V3_ANSWER_CACHE_MB``. Only successful answers are stored,
and the cache is emptied whenever the catalog changes.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

from starlette.responses import Response
from starlette.types import Scope

from photobank.api.http import EncodedResponse, origin, view_headers
from photobank.api.v3.common import Audience, audience_of, negotiate_language
from photobank.lru import LruCache, compact

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.composition import Services

# The paths of the operations that store answers (by_id.ByIdOperation): other requests,
# searches above all, skip working out a key that could never be found.
REPLAYED_PREFIXES = ("/v3/images", "/v3/videos")

_Encoded = tuple[int, tuple[tuple[bytes, bytes], ...], bytes]


# The query parameters of the replayed operations, in the contract's order.
REPLAYED_PARAMETERS = ("ids", "fields")


def canonical_query(raw: bytes) -> bytes:
    """``raw`` with only the replayed operations' parameters, in the contract's order
    (repeats kept in their own order), each re-encoded the same way."""
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    kept = [
        f"{name}={quote(value, safe=',')}"
        for name in REPLAYED_PARAMETERS
        for given, value in pairs
        if given == name
    ]
    return "&".join(kept).encode("latin-1")


def replay_key(
    scope: Scope, language: str, seen_by: Audience, query: bytes | None = None
) -> tuple[Any, ...]:
    """What a by-id answer depends on besides the catalog (``query``: the canonical
    query string, worked out from ``scope`` when not given)."""
    if query is None:
        query = canonical_query(scope["query_string"])
    return (scope["path"], query, language, seen_by.key)


def _weigh(key: tuple[Any, ...], encoded: _Encoded) -> int:
    """The answer's bytes and its key's: path, query (or parameters), language, audience
    (written out, not walked generically: a search stores two answers each time)."""
    _status, headers, body = encoded
    fields = sum(map(len, chain.from_iterable(headers))) + 16 * len(headers)
    return sum(map(len, key[:3])) + sum(map(_audience_bytes, key[3:])) + len(body) + fields


def _audience_bytes(key: tuple[Any, ...]) -> int:
    """An :attr:`Audience.key`'s: its base URL, flags and (a customer's) product ids."""
    base_url, _token, _mask, products = key
    return len(base_url) + 64 + (0 if products is None else 64 + 24 * len(products[1]))


class ResponseCache:
    def __init__(
        self,
        budget: int,
        prefixes: tuple[str, ...] = REPLAYED_PREFIXES,
        canonical: Callable[[bytes], bytes] | None = canonical_query,
    ) -> None:
        """``budget``: bytes the stored answers may weigh in all; ``prefixes``: the
        paths :meth:`replay` looks up; ``canonical``: the canonical form of a query
        it tries when the query as sent is not found (None: as sent only)."""
        self._responses: LruCache[tuple[Any, ...], _Encoded] = LruCache(budget, _weigh)
        self._keeps = budget > 0  # a budget of 0 turns the cache off
        self._prefixes = prefixes
        self._canonical = canonical
        self.generation = 0  # counts clears, so an answer built from older data is refused

    def get(self, key: tuple[Any, ...]) -> Response | None:
        """A fresh copy of the response stored under ``key``, if any."""
        found = self._responses.get(key)
        return EncodedResponse(*found) if found is not None else None

    def put(self, key: tuple[Any, ...], response: Response, generation: int) -> None:
        """Remember ``response`` (fully encoded, without background work) under ``key``,
        unless the cache was cleared since ``generation``: the catalog changed while
        the answer was being worked out."""
        self.put_encoded(key, tuple(response.raw_headers), compact(response.body), generation)

    def put_encoded(
        self,
        key: tuple[Any, ...],
        headers: tuple[tuple[bytes, bytes], ...],
        body: bytes,
        generation: int,
        status: int = 200,
    ) -> None:
        """As :meth:`put`, for an answer already in its encoded parts (``body`` in a
        buffer of its own length: see :func:`~photobank.lru.compact`)."""
        if generation == self.generation and self._keeps:
            self._responses.put(key, (status, headers, body))

    def get_encoded(self, key: tuple[Any, ...]) -> _Encoded | None:
        """The status, headers and body stored under ``key``, if any."""
        return self._responses.get(key)

    def replay(self, scope: Scope, found: Services, who: Caller) -> Response | None:
        """The stored answer to the GET request ``scope`` by ``who``, if any: the key is
        built from the raw headers as :func:`replay_key` is from a Starlette request.
        A query already in canonical form (what clients send again and again) is
        looked up as it is; another is made canonical first."""
        if (
            not self._responses
            or scope["method"] != "GET"
            or not scope["path"].startswith(self._prefixes)
        ):
            return None
        host, accepted, country = view_headers(scope)
        if country is not None:
            return None  # the route checks it: worked out afresh (clients seldom send it)
        base = origin(found.settings.public_url, scope, host)
        language = negotiate_language(accepted or "")
        seen_by = audience_of(found, who, base)
        raw = scope["query_string"]
        stored = self.get(replay_key(scope, language, seen_by, raw))
        if stored is None and raw and self._canonical is not None:
            canonical = self._canonical(raw)
            if canonical != raw:
                stored = self.get(replay_key(scope, language, seen_by, canonical))
        return stored

    def clear(self) -> None:
        self.generation += 1
        self._responses.clear()

    @property
    def weight(self) -> int:
        return self._responses.weight

    def __len__(self) -> int:
        return len(self._responses)
