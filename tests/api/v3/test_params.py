"""Parsing of v3 query strings, driven by the contract."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.datastructures import QueryParams

from photobank.api.v3.params import parse_query
from photobank.errors import InvalidParameter

CREATIVE = "/v3/search/images/creative"
EDITORIAL = "/v3/search/images/editorial"


def parse(path: str, query: str) -> dict[str, object]:
    return parse_query(path, QueryParams(query))


def test_defaults_come_from_the_contract() -> None:
    values = parse(CREATIVE, "")
    assert values["page"] == 1
    assert values["page_size"] == 30
    assert values["facet_max_count"] == 300
    assert values["phrase"] == ""


def test_enum_lists_are_comma_separated_case_insensitive_and_deduplicated() -> None:
    values = parse(CREATIVE, "orientations=Horizontal,VERTICAL,horizontal")
    assert values["orientations"] == ("horizontal", "vertical")


def test_repeated_parameters_are_joined() -> None:
    values = parse(CREATIVE, "keyword_ids=1&keyword_ids=2,3")
    assert values["keyword_ids"] == (1, 2, 3)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("orientations=diagonal", "orientations"),
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("sort_order=oldest", "sort_order"),
        ("fields=id,nonsense", "fields"),
        ("keyword_ids=1,x", "keyword_ids"),
        ("exclude_nudity=maybe", "exclude_nudity"),
    ],
)
def test_bad_values_name_the_parameter(query: str, name: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse(CREATIVE, query)
    assert caught.value.parameter == name
    assert name in caught.value.message


def test_editorial_accepts_oldest_and_dates() -> None:
    values = parse(EDITORIAL, "sort_order=oldest&date_from=2010-01-31")
    assert values["sort_order"] == "oldest"
    assert values["date_from"] == datetime(2010, 1, 31, tzinfo=UTC)


def test_bad_date_is_refused() -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse(EDITORIAL, "date_to=31/12/1999")
    assert caught.value.parameter == "date_to"


def test_undocumented_parameters_are_ignored() -> None:
    assert "nonsense" not in parse(CREATIVE, "nonsense=1")
