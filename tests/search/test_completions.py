"""Completions: the keywords that complete a phrase, the most used first, recounted lazily."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from photobank.catalog.model import Keyword
from photobank.catalog.repository import Reference
from photobank.search import completions as module
from photobank.search.completions import Completions


class _Catalog:
    def __init__(self, texts: list[str]) -> None:
        self.ref = Reference(keywords={n: Keyword(n, t, "Concept") for n, t in enumerate(texts)})
        self.listeners: list[Callable[[], None]] = []

    def reference(self) -> Reference:
        return self.ref

    def on_change(self, listener: Callable[[], None]) -> None:
        self.listeners.append(listener)


class _Backend:
    def __init__(self, counts: dict[int, int]) -> None:
        self.counts = counts
        self.asked = 0

    def keyword_counts(self) -> dict[int, int]:
        self.asked += 1
        return dict(self.counts)


TEXTS = ["Mountain", "Mountain Lake", "Mount Fuji", "Mouse", "Moat", "Unused Mountaineer"]


def _completions(counts: dict[int, int]) -> tuple[Completions, _Catalog, _Backend]:
    catalog, backend = _Catalog(TEXTS), _Backend(counts)
    return Completions(catalog, backend), catalog, backend  # type: ignore[arg-type]


def test_keywords_starting_with_the_last_word_come_most_used_first() -> None:
    done, _, _ = _completions({0: 50, 1: 7, 2: 90, 3: 3, 4: 9})
    assert done.complete("MOU") == ["mount fuji", "mountain", "mountain lake", "mouse"]
    assert done.complete("snowy mount") == [
        "snowy mount fuji",
        "snowy mountain",
        "snowy mountain lake",
    ]
    assert done.complete("mountain l") == ["mountain lake"]  # the whole phrase starts a keyword
    assert done.complete("mou", limit=2) == ["mount fuji", "mountain"]
    assert done.complete("unused") == []  # no asset carries it
    assert done.complete("") == [] and done.complete("m" * 101) == []


def test_counts_are_taken_again_after_a_change_at_most_every_refresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr("photobank.search.completions.time.monotonic", lambda: now[0])
    done, catalog, backend = _completions({0: 5, 3: 9})
    assert done.complete("mou") == ["mouse", "mountain"]
    backend.counts = {0: 50, 3: 9}
    for listener in catalog.listeners:
        listener()
    now[0] += module.REFRESH_SECONDS / 2
    assert done.complete("mou") == ["mouse", "mountain"]  # too soon: the old counts
    now[0] += module.REFRESH_SECONDS
    assert done.complete("mou") == ["mountain", "mouse"]
    assert done.complete("mou") == ["mountain", "mouse"] and backend.asked == 2
