"""v3 search parameters as the domain's search query."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.datastructures import QueryParams

from photobank.api.v3.params import parse_query
from photobank.api.v3.search_params import build_search_query, build_video_query, check_country_code
from photobank.errors import InvalidParameter
from photobank.search.query import SearchQuery, SetFilter

CREATIVE = "/v3/search/images/creative"
EDITORIAL = "/v3/search/images/editorial"
VIDEOS = "/v3/search/videos/creative"


def _images(query: str, path: str = CREATIVE, family: str | None = "creative") -> SearchQuery:
    return build_search_query(parse_query(path, QueryParams(query)), family)


def _videos(query: str) -> SearchQuery:
    return build_video_query(parse_query(VIDEOS, QueryParams(query)), "creative")


def test_defaults_are_the_first_page_by_best_match_with_no_filter() -> None:
    query = _images("")
    assert (query.asset_type, query.asset_families, query.phrase) == ("image", {"creative"}, "")
    assert (query.sort_order, query.offset, query.limit) == ("best_match", 0, 30)
    assert query.facet_fields == () and query.color is None and not query.exclude_nudity
    assert _images("", "/v3/search/images", None).asset_families == frozenset()


def test_paging_names_and_colour_are_normalised() -> None:
    query = _images("phrase= harbour &page=3&page_size=20&artists=Ada Lumen,Jo&color=%2300AAff")
    assert query.phrase == "harbour" and (query.offset, query.limit) == (40, 20)
    assert query.artists == {"ada lumen", "jo"} and query.color == "00aaff"


def test_filter_types_include_or_exclude_a_set() -> None:
    kept = _images("graphical_styles=vector,Photography")
    assert kept.graphical_styles == SetFilter(frozenset({"vector", "photography"}), exclude=False)
    dropped = _images("collection_codes=ABC&collections_filter_type=exclude")
    assert dropped.collection_codes == SetFilter(frozenset({"abc"}), exclude=True)


def test_a_date_to_without_a_time_takes_in_the_whole_day() -> None:
    query = _images("date_from=2016-01-01&date_to=2016-12-31", EDITORIAL, "editorial")
    assert query.date_from == datetime(2016, 1, 1, tzinfo=UTC)
    assert query.date_to == datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)


def test_facets_come_only_when_asked_with_each_familys_defaults() -> None:
    assert _images("include_facets=true").facet_fields == ("artists", "locations")
    editorial = _images("include_facets=true", EDITORIAL, "editorial")
    assert editorial.facet_fields == ("artists", "events", "locations", "specific_people")
    assert _images("include_facets=true&facet_fields=artists").facet_fields == ("artists",)


def test_safe_search_or_exclude_nudity_excludes_nudity() -> None:
    assert _images("safe_search=true").exclude_nudity
    assert _images("exclude_nudity=true").exclude_nudity


def test_a_download_product_may_name_a_product_id() -> None:
    assert _images("download_product=easyaccess:123").product_types == {"easyaccess"}
    assert _images("download_product=EasyAccess").product_types == {"easyaccess"}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("color=red", "color"),
        ("color=%2300AAf", "color"),
        ("download_product=spaceaccess", "download_product"),
        ("download_product=easyaccess:12x", "download_product"),
        ("download_product=easyaccess:%C2%B2", "download_product"),  # a superscript two
    ],
)
def test_bad_values_are_refused_naming_the_parameter(query: str, name: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        _images(query)
    assert refused.value.parameter == name and name in refused.value.message


def test_a_video_search_reads_its_own_filters() -> None:
    query = _videos(
        "aspect_ratios=969&license_models=rightsready&format_available=hd"
        "&min_clip_length=5&max_clip_length=30&release_status=fully_released"
    )
    assert query.asset_type == "video" and query.asset_families == {"creative"}
    assert query.aspect_ratios == {"16:9"} and query.license_models == {"rightsmanaged"}
    assert query.video_formats == {"hd"} and query.release_statuses == {"fully_released"}
    assert (query.min_clip_seconds, query.max_clip_seconds) == (5, 30)
    assert _videos("release_status=release_not_important").release_statuses == frozenset()


def test_a_maximum_clip_length_below_the_minimum_is_refused() -> None:
    with pytest.raises(InvalidParameter) as refused:
        _videos("min_clip_length=30&max_clip_length=5")
    assert refused.value.parameter == "max_clip_length"
    assert _videos("min_clip_length=0").min_clip_seconds is None  # 0: no bound


@pytest.mark.parametrize("code", [None, "USA", "gbr"])
def test_a_country_code_is_an_iso_alpha_3_code(code: str | None) -> None:
    check_country_code(code)


@pytest.mark.parametrize("code", ["US", "XXX", "USAA", ""])
def test_other_country_codes_are_refused(code: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        check_country_code(code)
    assert refused.value.parameter == "GI-Country-Code"
