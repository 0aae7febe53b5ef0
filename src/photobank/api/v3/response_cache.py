"""Encoded responses of the by-id operations, replayed byte for byte.

A client showing a result page asks for the same few thousand assets again and
again; once an answer is encoded, serving it again is a dictionary lookup, which
the gateway does right after authentication and throttling (see
:meth:`ResponseCache.replay`). Entries are keyed by everything the bytes depend
on: the path and raw query string, the negotiated language and the caller's
:class:`~.common.Audience` (link base, token, watermark decisions, usable
products), worked out afresh for every request. Only successful answers are
stored, and the cache is emptied whenever the catalog changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.types import Scope

from photobank.api.v3.common import Audience, audience_of, negotiate_language, origin
from photobank.api.v3.responses import EncodedResponse
from photobank.lru import LruCache

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.services import Services

DEFAULT_SIZE = 20_000  # about 20 MB of single-image answers
# The paths of the operations that store answers (by_id.respond): other requests,
# searches above all, skip working out a key that could never be found.
REPLAYED_PREFIXES = ("/v3/images", "/v3/videos")

_Encoded = tuple[int, tuple[tuple[bytes, bytes], ...], bytes]


def replay_key(scope: Scope, language: str, seen_by: Audience) -> tuple[Any, ...]:
    """What a by-id answer depends on besides the catalog."""
    return (scope["path"], scope["query_string"], language, seen_by.key)


class ResponseCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._responses: LruCache[tuple[Any, ...], _Encoded] = LruCache(size)
        self.generation = 0  # counts clears, so an answer built from older data is refused

    def get(self, key: tuple[Any, ...]) -> Response | None:
        """A fresh copy of the response stored under ``key``, if any."""
        found = self._responses.get(key)
        return EncodedResponse(*found) if found is not None else None

    def put(self, key: tuple[Any, ...], response: Response, generation: int) -> None:
        """Remember ``response`` (fully encoded, without background work) under ``key``,
        unless the cache was cleared since ``generation``: the catalog changed while
        the answer was being worked out."""
        body = bytes(response.body)
        if generation == self.generation:
            self._responses.put(key, (response.status_code, tuple(response.raw_headers), body))

    def replay(self, scope: Scope, found: Services, who: Caller) -> Response | None:
        """The stored answer to the GET request ``scope`` by ``who``, if any: the key is
        built from the raw headers as :func:`replay_key` is from a Starlette request."""
        if (
            not self._responses
            or scope["method"] != "GET"
            or not scope["path"].startswith(REPLAYED_PREFIXES)
        ):
            return None
        host = accepted = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = host if host is not None else value.decode("latin-1")
            elif name == b"accept-language":
                accepted = accepted if accepted is not None else value.decode("latin-1")
        base = origin(found.settings.public_url, scope, host)
        language = negotiate_language(accepted or "")
        return self.get(replay_key(scope, language, audience_of(found, who, base)))

    def clear(self) -> None:
        self.generation += 1
        self._responses.clear()

    def __len__(self) -> int:
        return len(self._responses)
