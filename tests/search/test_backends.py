"""What a searcher notices about the search backend, over a ten-asset catalog.

The deployment's backend: tantivy in the embedded run, PostgreSQL in the
distributed one; both must answer alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from photobank.catalog.repository import CatalogRepository
from photobank.search.query import FacetValue, SearchIndex, SearchQuery, SetFilter
from tests.search.conftest import IMAGES, found, hits, make_asset, open_backend


def chosen(*values: str, exclude: bool = False) -> SetFilter:
    return SetFilter(frozenset(values), exclude)


# -- phrases ------------------------------------------------------------------


def test_empty_phrase_finds_every_image(backend: SearchIndex) -> None:
    result = backend.search(SearchQuery(limit=100))
    assert set(result.ids) == {a.id for a in IMAGES}
    assert result.total == len(IMAGES)


def test_stemming_matches_other_word_forms(backend: SearchIndex) -> None:
    assert found(backend, phrase="mountains") == {"1001", "1003", "1007", "1008"}
    assert found(backend, phrase="Mountain") == found(backend, phrase="mountains")


def test_accents_are_folded(backend: SearchIndex) -> None:
    assert found(backend, phrase="zurich") == {"1001", "1008"}
    assert found(backend, phrase="Zürich") == {"1001", "1008"}


def test_every_word_must_match(backend: SearchIndex) -> None:
    assert found(backend, phrase="dog beach") == {"1002"}
    assert found(backend, phrase="dog") == {"1002", "1010"}


def test_no_document_with_every_word_falls_back_to_any(backend: SearchIndex) -> None:
    result = backend.search(SearchQuery(phrase="beach zebra"))
    assert result.ids == ["1002"]
    assert result.total == 1


def test_quoted_phrase_needs_adjacent_words(backend: SearchIndex) -> None:
    assert found(backend, phrase='"lake panorama"') == {"1008"}
    assert found(backend, phrase='"snowy lake"') == set()
    assert found(backend, phrase='"mountains above"') == {"1001"}


def test_leading_dash_excludes_a_word(backend: SearchIndex) -> None:
    assert found(backend, phrase="mountain -lake") == {"1003", "1007"}
    assert found(backend, phrase="mountain NOT lake") == {"1003", "1007"}
    assert found(backend, phrase='mountain -"lake panorama"') == {"1001", "1003", "1007"}
    assert found(backend, phrase="-mountain") == {a.id for a in IMAGES} - {
        "1001", "1003", "1007", "1008"
    }  # fmt: skip


def test_people_places_events_and_artists_are_searchable(backend: SearchIndex) -> None:
    assert found(backend, phrase="federer") == {"1005"}
    assert found(backend, phrase="switzerland") == {"1001", "1008"}
    assert found(backend, phrase="wimbledon", asset_families=frozenset({"editorial"})) == {
        "1004", "1005"
    }  # fmt: skip
    assert found(backend, phrase="dana ek") == {"1006"}


def test_title_outranks_caption(backend: SearchIndex) -> None:
    ranked = hits(backend, phrase="mountain")
    assert ranked.index("1003") == len(ranked) - 1  # only its caption says mountain


@pytest.mark.parametrize(
    "phrase",
    [
        '"unbalanced', 'a "b', '"""', "AND:", "OR", "NOT", "*", "?", "title:cat", "(dog",
        "dog)", "[1 TO 5]", "{}", "\\", "-", "--", "- -", "+cat", "!!!", "~2", "^3", "cat^",
        "'", "😀 dog", "x" * 500, "dog " * 400, "\x00", "é", "AND AND", "-\"\"", "\t\n",
    ],
)  # fmt: skip
def test_odd_phrases_never_raise(backend: SearchIndex, phrase: str) -> None:
    result = backend.search(SearchQuery(phrase=phrase, facet_fields=("artists",)))
    assert result.total == len(result.ids)
    backend.suggest(phrase)
    backend.related_phrases(SearchQuery(phrase=phrase), 5)


# -- filters ------------------------------------------------------------------


def test_asset_type_separates_videos(backend: SearchIndex) -> None:
    assert found(backend, phrase="drone") == set()
    assert found(backend, phrase="drone", asset_type="video") == {"1009"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"asset_families": frozenset({"editorial"})}, {"1004", "1005", "1006"}),
        ({"license_models": frozenset({"rightsmanaged"})}, {"1004", "1005", "1006"}),
        ({"ages": frozenset({"mature_adult"})}, {"1005"}),
        ({"ages": frozenset({"adult", "baby"})}, {"1004", "1005"}),
        ({"ethnicities": frozenset({"caucasian"})}, {"1005"}),
        ({"compositions": frozenset({"full_length", "waist_up"})}, {"1004", "1006"}),
        ({"number_of_people": frozenset({"two", "group"})}, {"1005", "1006"}),
        ({"orientations": frozenset({"vertical", "square"})}, {"1002", "1003"}),
        ({"file_types": frozenset({"eps"})}, {"1007"}),
        ({"editorial_segments": frozenset({"entertainment"})}, {"1006"}),
        ({"product_types": frozenset({"premiumaccess"})}, {"1008"}),
        ({"graphical_styles": chosen("vector", "illustration")}, {"1003", "1007"}),
        ({"collection_codes": chosen("pan", "NEWS")}, {"1004", "1005", "1006", "1008"}),
        ({"artists": frozenset({"anna berg"})}, {"1001", "1003", "1008"}),
        ({"specific_people": frozenset({"roger federer"})}, {"1005"}),
        ({"event_ids": frozenset({11})}, {"1006"}),
        ({"keyword_ids": frozenset({1})}, {"1001", "1007", "1008"}),
        ({"keyword_ids": frozenset({1, 2})}, {"1001", "1008"}),
        ({"color": "1e90ff"}, {"1001", "1008"}),
        ({"color": "ff4000"}, {"1007"}),
        ({"date_from": datetime(2022, 1, 1, tzinfo=UTC)}, {"1004", "1005", "1006", "1008"}),
        ({"date_to": datetime(2019, 3, 3, tzinfo=UTC)}, {"1003", "1007", "1010"}),
        (
            {"date_from": datetime(2020, 1, 1), "date_to": datetime(2021, 12, 31)},
            {"1001", "1002"},
        ),
        ({"minimum_size": "xx_large"}, {"1001", "1007", "1008"}),
        ({"minimum_size": "vector"}, {"1007"}),
        ({"minimum_quality_rank": 1}, {"1001"}),
        ({"minimum_quality_rank": 2}, {a.id for a in IMAGES} - {"1003"}),
        ({"embed_content_only": True}, {a.id for a in IMAGES} - {"1005"}),
    ],
)  # fmt: skip
def test_each_filter_narrows(
    backend: SearchIndex, fields: dict[str, Any], expected: set[str]
) -> None:
    result = backend.search(SearchQuery(limit=100, **fields))
    assert set(result.ids) == expected
    assert result.total == len(expected)


EVERY_IMAGE = frozenset(a.id for a in IMAGES)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"graphical_styles": chosen("photography", exclude=True)}, {"1003", "1007"}),
        ({"collection_codes": chosen("stk", exclude=True)}, {"1004", "1005", "1006", "1008"}),
        ({"exclude_keyword_ids": frozenset({1, 3})}, {"1003", "1004", "1005", "1006"}),
        ({"exclude_nudity": True}, EVERY_IMAGE - {"1006"}),
        ({"exclude_editorial_use_only": True}, EVERY_IMAGE - {"1004", "1005", "1006"}),
    ],
)  # fmt: skip
def test_excluding_filters_keep_the_rest(
    backend: SearchIndex, fields: dict[str, Any], expected: set[str]
) -> None:
    assert found(backend, **fields) == expected


def test_keyword_ids_and_phrase_both_apply(backend: SearchIndex) -> None:
    assert found(backend, phrase="mountain", keyword_ids=frozenset({2})) == {"1001", "1008"}
    assert found(backend, phrase="mountain", exclude_keyword_ids=frozenset({2})) == {
        "1003", "1007"
    }  # fmt: skip


# -- ordering and paging ------------------------------------------------------


def test_sort_orders(backend: SearchIndex) -> None:
    by_popularity = sorted(IMAGES, key=lambda a: -a.popularity)
    assert hits(backend, sort_order="most_popular") == [a.id for a in by_popularity]
    by_date = sorted(IMAGES, key=lambda a: a.date_created)
    assert hits(backend, sort_order="oldest") == [a.id for a in by_date]
    assert hits(backend, sort_order="newest") == [a.id for a in reversed(by_date)]


def test_best_match_prefers_popular_among_equal_matches(backend: SearchIndex) -> None:
    assert hits(backend, phrase="serena williams")[0] == "1004"


def test_random_is_a_stable_shuffle(backend: SearchIndex) -> None:
    first = hits(backend, sort_order="random")
    assert sorted(first) == sorted(a.id for a in IMAGES)
    assert hits(backend, sort_order="random") == first
    other = hits(backend, sort_order="random", phrase="-zebra")
    assert sorted(other) == sorted(first)


@pytest.mark.parametrize("sort_order", ["best_match", "most_popular", "newest", "oldest", "random"])
@pytest.mark.parametrize("phrase", ["", "mountain OR lake dog"])
def test_pages_do_not_overlap_and_cover_everything(
    backend: SearchIndex, sort_order: str, phrase: str
) -> None:
    whole = hits(backend, sort_order=sort_order, phrase=phrase)
    pages: list[str] = []
    for offset in range(0, len(whole) + 3, 3):
        page = backend.search(
            SearchQuery(phrase=phrase, sort_order=sort_order, offset=offset, limit=3)
        )
        assert page.total == len(whole)
        pages.extend(page.ids)
    assert pages == whole


def test_past_the_end_and_zero_limit(backend: SearchIndex) -> None:
    result = backend.search(SearchQuery(offset=500, limit=30))
    assert (result.total, result.ids) == (len(IMAGES), [])
    result = backend.search(SearchQuery(phrase="dog", limit=0))
    assert (result.total, result.ids) == (2, [])
    result = backend.search(SearchQuery(phrase="dog", limit=10**12))
    assert (result.total, len(result.ids)) == (2, 2)
    result = backend.search(SearchQuery(offset=10**15, limit=10**12, sort_order="newest"))
    assert (result.total, result.ids) == (len(IMAGES), [])


def test_deep_pages(tmp_path: Path, repository: CatalogRepository) -> None:
    repository.save_assets(
        make_asset(f"9{i:05d}", f"Bulk sample {i}", popularity=i % 97) for i in range(3_100)
    )
    backend = open_backend(tmp_path / "deep", repository)
    try:
        for sort_order in ("best_match", "most_popular", "newest", "random"):
            query = SearchQuery(phrase="sample", sort_order=sort_order, offset=2_900, limit=100)
            page = backend.search(query)
            assert page.total == 3_100
            assert len(page.ids) == 100
            before = backend.search(
                SearchQuery(phrase="sample", sort_order=sort_order, limit=2_900)
            )
            assert not set(before.ids) & set(page.ids)
    finally:
        backend.close()


# -- facets, suggestions, related searches -------------------------------------


def test_facets_count_the_whole_result_set(backend: SearchIndex) -> None:
    result = backend.search(
        SearchQuery(
            asset_families=frozenset({"editorial"}),
            facet_fields=("artists", "events", "locations", "specific_people"),
            limit=1,
        )
    )
    assert len(result.ids) == 1
    assert result.facets == {
        "artists": [FacetValue("Carl Diaz", 2), FacetValue("Dana Ek", 1)],
        "events": [FacetValue("10", 2), FacetValue("11", 1)],
        "locations": [FacetValue("3", 2), FacetValue("2", 1)],
        "specific_people": [FacetValue("1", 2), FacetValue("2", 1)],
    }


def test_facets_follow_the_phrase_and_cap(backend: SearchIndex) -> None:
    result = backend.search(SearchQuery(phrase="mountain", facet_fields=("artists",)))
    assert result.facets == {"artists": [FacetValue("Anna Berg", 3), FacetValue("Ben Cole", 1)]}
    capped = backend.search(
        SearchQuery(phrase="mountain", facet_fields=("artists",), facet_max_count=1)
    )
    assert capped.facets == {"artists": [FacetValue("Anna Berg", 3)]}
    assert backend.search(SearchQuery(phrase="mountain")).facets == {}


def test_suggest_fixes_typos(backend: SearchIndex) -> None:
    assert backend.suggest("mountian") == "mountain"
    assert backend.suggest("snowy mountian lkae") == "snowy mountain lake"
    assert backend.suggest("Federrer") == "federer"
    assert backend.suggest("mountains") is None  # a known word's other form
    assert backend.suggest("dog beach") is None
    assert backend.suggest("qqqqzzzz") is None
    assert backend.suggest("") is None


def test_related_phrases_come_from_top_hits(backend: SearchIndex) -> None:
    related = backend.related_phrases(SearchQuery(phrase="mountain"), 5)
    # lake is on two of the hits; composition keywords only fill up the list
    assert related == ["lake", "cat", "sunset", "Horizontal"]
    assert backend.related_phrases(SearchQuery(phrase="mountain"), 1) == ["lake"]
    assert backend.related_phrases(SearchQuery(phrase="zebra"), 3) == []
