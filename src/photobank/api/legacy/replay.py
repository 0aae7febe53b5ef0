"""Encoded answers of legacy read operations, replayed with each caller's CoordinationId.

A GetImageDetails answer depends only on the catalog, what the operation reads
of its body (the image ids: members it does not read, junk included, are left
out of the key, so they cannot each add an entry) and what of the caller shows
in image documents (link base, watermark decisions, usable products: see
:class:`.context.Call`), so those make the key; the RequestHeader (Token,
CoordinationId) does not. The stored bytes are bounded by
``PHOTOBANK_LEGACY_ANSWER_CACHE_MB``. The dispatcher still resolves
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

from collections.abc import Hashable
from typing import Any

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import Encoded
from photobank.lru import LruCache, weigh_key


def replay_key(path: str, read: Hashable, call: Call) -> tuple[Any, ...]:
    """What a replayed operation's answer depends on besides the catalog: what it
    ``read`` of its body, the link base, the watermark decisions and the usable
    products of ``call``."""
    products = call.entitlements.key if call.entitlements is not None else None
    return (path, read, call.base_url, call.watermarks.mask, products)


def _weigh(key: tuple[Any, ...], answer: Encoded) -> int:
    return weigh_key(key) + len(answer[0])


class AnswerCache:
    def __init__(self, budget: int) -> None:
        """``budget``: bytes the stored answers may weigh in all."""
        self._answers: LruCache[tuple[Any, ...], Encoded] = LruCache(budget, _weigh)
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

    @property
    def weight(self) -> int:
        return self._answers.weight

    def __len__(self) -> int:
        return len(self._answers)
