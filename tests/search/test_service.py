"""The search service decides what a page offers besides its assets."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from photobank.search.query import SearchQuery, SearchResult
from photobank.search.service import SearchService, corrects_spelling


class _Catalog:
    """A catalog with nothing in it."""

    def get_assets(self, ids: list[str]) -> dict[str, Any]:
        return {}

    def reference(self) -> None:
        return None


class _Backend:
    """Finds nothing and suggests one correction; notes each phrase it was asked to correct."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def search(self, query: SearchQuery) -> SearchResult:
        return SearchResult(0, [])

    def suggest(self, phrase: str) -> str | None:
        self.asked.append(phrase)
        return "sunset"

    def related_phrases(self, query: SearchQuery, limit: int) -> list[str]:
        return []


@pytest.mark.parametrize(
    ("families", "phrase", "offered"),
    [
        ({"creative"}, "sunsett", True),
        ({"editorial"}, "sunsett", False),
        (set(), "sunsett", False),  # blended
        ({"creative", "editorial"}, "sunsett", False),
        ({"creative"}, "", False),  # nothing to correct
    ],
)
def test_spelling_is_corrected_for_creative_searches_only(
    families: set[str], phrase: str, offered: bool
) -> None:
    backend = _Backend()
    search = SearchService(_Catalog(), backend)  # type: ignore[arg-type]
    query = SearchQuery(phrase=phrase, asset_families=frozenset(families))
    assert corrects_spelling(query) is offered
    for asset_type in ("image", "video"):
        page = search.search(dataclasses.replace(query, asset_type=asset_type), correct=True)
        assert page.correction == ("sunset" if offered else None)
    assert search.search(query).correction is None  # a caller that shows none asks for none
    assert backend.asked == ([phrase, phrase] if offered else [])


def test_find_gives_the_hits_without_reading_assets() -> None:
    class Hits(_Backend):
        def search(self, query: SearchQuery) -> SearchResult:
            return SearchResult(2, ["2", "1"])

    class Kept(_Catalog):
        def get_assets(self, ids: list[str]) -> dict[str, Any]:
            return {"1": "asset 1"}  # "2" withdrawn since it was indexed

    service = SearchService(Kept(), Hits())  # type: ignore[arg-type]
    found = service.find(SearchQuery(phrase="lake"))
    assert (found.ids, found.assets, found.total) == (["2", "1"], [], 2)
    assert service.search(SearchQuery(phrase="lake")).assets == ["asset 1"]
