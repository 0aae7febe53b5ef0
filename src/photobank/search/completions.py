"""Completions of a phrase being typed: catalog keywords, most used first.

The last word typed is completed by the keywords that start with it (or with
the whole phrase, for a keyword of several words), ranked by how many
searchable assets carry them. Counts come from one aggregation over the
index, kept until the catalog changes and then at least :data:`REFRESH_SECONDS`
(suggestions need not be exact to the last ingest); the keywords sorted by
text are kept for one version of the catalog's reference data.
"""

from __future__ import annotations

import bisect
import threading
import time
from dataclasses import dataclass

from photobank.catalog.repository import Reference
from photobank.catalog.service import CatalogService
from photobank.search.query import SearchBackend

REFRESH_SECONDS = 30.0
MAX_TYPED = 100  # letters of a phrase worth completing


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    reference: Reference
    texts: list[str]  # lower-cased keyword texts, sorted
    ids: list[int]  # the keyword id of each text


class Completions:
    def __init__(self, catalog: CatalogService, backend: SearchBackend) -> None:
        self._catalog = catalog
        self._backend = backend
        self._lock = threading.Lock()
        self._vocabulary: _Vocabulary | None = None
        self._counts: dict[int, int] = {}
        self._counted = float("-inf")  # when the counts were taken (monotonic)
        self._stale = True
        catalog.on_change(self._changed)

    def complete(self, typed: str, limit: int = 8) -> list[str]:
        """Up to ``limit`` phrases completing ``typed``, the most used keywords first."""
        words = typed.lower().split()
        if not words or len(typed) > MAX_TYPED or limit <= 0:
            return []
        vocabulary, counts = self._vocabulary_now(), self._counts_now()
        head = " ".join(words[:-1])
        found: dict[int, str] = {}  # keyword id -> the phrase it completes
        for prefix, before in ((" ".join(words), ""), (words[-1], head)):
            start = bisect.bisect_left(vocabulary.texts, prefix)
            for index in range(start, len(vocabulary.texts)):
                text = vocabulary.texts[index]
                if not text.startswith(prefix):
                    break
                keyword_id = vocabulary.ids[index]
                if counts.get(keyword_id) and keyword_id not in found:
                    found[keyword_id] = f"{before} {text}".strip()
        ranked = sorted(found.items(), key=lambda item: (-counts[item[0]], item[1]))
        phrases = list(dict.fromkeys(phrase for _, phrase in ranked))
        return [p for p in phrases if p != " ".join(words)][:limit]

    def _changed(self) -> None:
        self._stale = True

    def _vocabulary_now(self) -> _Vocabulary:
        reference = self._catalog.reference()
        vocabulary = self._vocabulary
        if vocabulary is None or vocabulary.reference is not reference:
            pairs = sorted((k.text.lower(), k.id) for k in reference.keywords.values())
            vocabulary = _Vocabulary(reference, [t for t, _ in pairs], [i for _, i in pairs])
            self._vocabulary = vocabulary
        return vocabulary

    def _counts_now(self) -> dict[int, int]:
        now = time.monotonic()
        if self._stale and now - self._counted >= REFRESH_SECONDS:
            with self._lock:
                if self._stale and now - self._counted >= REFRESH_SECONDS:
                    self._stale = False  # a change while counting marks it stale again
                    self._counts = self._backend.keyword_counts()
                    self._counted = now
        return self._counts
