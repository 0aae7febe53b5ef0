"""Encoded answers of legacy read operations, replayed with each caller's CoordinationId.

A GetImageDetails answer depends only on the catalog, the operation's body and
what of the caller shows in image documents (link base, watermark decisions,
usable products: see :class:`.context.Call`), so those make the key; the
RequestHeader (Token, CoordinationId) does not. The dispatcher still resolves
the token and applies the client's throttling on every request before it
looks here. Answers with errors are never stored; warnings (``ImageNotFound``)
are part of the answer. The store empties on every catalog change, and an
answer worked out while the catalog changed is not stored (the generation
guard of :class:`photobank.api.v3.response_cache.ResponseCache`).

SearchForImages is not replayed: it answers from the search index, which
follows the catalog's change log on its own, so an answer could outlive the
catalog change it missed.
"""

from __future__ import annotations

from typing import Any

import orjson

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import Encoded
from photobank.lru import LruCache

DEFAULT_SIZE = 10_000  # about 40 MB of single-image answers (4 KB each, keywords and all)


def replay_key(path: str, body: Any, call: Call) -> tuple[Any, ...]:
    """What a replayed operation's answer depends on besides the catalog: the body, the
    link base, the watermark decisions and the usable products of ``call``."""
    products = call.entitlements.key if call.entitlements is not None else None
    return (path, orjson.dumps(body), call.base_url, call.watermarks.mask, products)


class AnswerCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._answers: LruCache[tuple[Any, ...], Encoded] = LruCache(size)
        self.generation = 0  # counts clears, so an answer built from older data is refused

    def get(self, key: tuple[Any, ...]) -> Encoded | None:
        return self._answers.get(key)

    def put(self, key: tuple[Any, ...], answer: Encoded, generation: int) -> None:
        """Remember ``answer`` under ``key``, unless the cache was cleared since
        ``generation``: the catalog changed while the answer was being worked out."""
        if generation == self.generation:
            self._answers.put(key, answer)

    def clear(self) -> None:
        self.generation += 1
        self._answers.clear()

    def __len__(self) -> int:
        return len(self._answers)
