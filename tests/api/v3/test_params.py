"""Parsing of v3 query strings, driven by the contract."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from photobank.api.v3.contract import spec
from photobank.api.v3.params import parse_path, parse_query
from photobank.errors import InvalidParameter
from tests.properties import bounded, tricky_text

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


@pytest.mark.parametrize(
    ("path", "query", "name"),
    [
        (CREATIVE, "keyword_ids=-1", "keyword_ids"),
        (CREATIVE, "exclude_keyword_ids=2,-3", "exclude_keyword_ids"),
        (EDITORIAL, "event_ids=2147483648", "event_ids"),
        (EDITORIAL, f"event_ids={2**63}", "event_ids"),
        (EDITORIAL, "event_ids=1" + "0" * 5000, "event_ids"),
        (CREATIVE, "keyword_ids=\uff11\uff12", "keyword_ids"),
        (CREATIVE, "keyword_ids=²", "keyword_ids"),
        (CREATIVE, "page_size=NaN", "page_size"),
        (CREATIVE, "page_size=inf", "page_size"),
        (CREATIVE, "page=1e3", "page"),
        (CREATIVE, "keyword_ids=1,,2", "keyword_ids"),
        (CREATIVE, "orientations=horizontal,", "orientations"),
        ("/v3/images", "ids=1,,2", "ids"),
        (CREATIVE, "phrase=" + "x" * 5000, "phrase"),
        (CREATIVE, "phrase=cat%00dog", "phrase"),
        (CREATIVE, "phrase=cat%0Adog", "phrase"),
        (EDITORIAL, "date_from=0001-01-01", "date_from"),
        (EDITORIAL, "date_to=9999-12-31T23:59:59", "date_to"),
        (EDITORIAL, "date_to=0001-01-01T00:00:00%2B01:00", "date_to"),
        (EDITORIAL, "date_to=" + "1" * 5000, "date_to"),
    ],
)
def test_values_no_engine_takes_are_refused_here(path: str, query: str, name: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse(path, query)
    assert caught.value.parameter == name
    assert name in caught.value.message


@pytest.mark.parametrize("query", ["fields=", "date_to=", "fields=%20", "page=&page_size="])
def test_a_parameter_given_empty_is_absent(query: str) -> None:
    assert parse(EDITORIAL, query) == parse(EDITORIAL, "")


def test_empty_occurrences_of_a_repeated_parameter_are_absent() -> None:
    assert parse(CREATIVE, "keyword_ids=&keyword_ids=7")["keyword_ids"] == (7,)


def test_path_parameters_follow_their_schema() -> None:
    change_set = "/v3/asset-changes/change-sets/{change-set-id}"
    assert parse_path(change_set, "change-set-id", str(2**63 - 1), "delete") == 2**63 - 1
    for raw in (str(2**63), "-1", "x"):
        with pytest.raises(InvalidParameter) as caught:
            parse_path(change_set, "change-set-id", raw, "delete")
        assert caught.value.parameter == "change-set-id"
    with pytest.raises(InvalidParameter):
        parse_path("/v3/events/{id}", "id", str(2**31))


def _query_operations() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every documented operation with query parameters, and their names."""
    found = []
    for path, operations in spec()["paths"].items():
        for method, operation in operations.items():
            names = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
            if names:
                found.append((path, method, names))
    return found


_OPERATIONS = _query_operations()


@bounded(400)
@given(data=st.data())
def test_any_query_is_parsed_or_refused_naming_a_parameter(data: st.DataObject) -> None:
    path, method, names = data.draw(st.sampled_from(_OPERATIONS))
    value = tricky_text | st.lists(tricky_text, max_size=4).map(",".join)
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(names) | st.text(max_size=5), value)))
    try:
        parse_query(path, QueryParams(pairs), method)
    except InvalidParameter as refused:
        assert refused.parameter in names
        assert refused.parameter in refused.message


def test_an_operation_with_a_code_of_its_own_refuses_with_that_code() -> None:
    bad = QueryParams("fields=download_requirements,nonsense")
    with pytest.raises(InvalidParameter) as refused:
        parse_query("/v3/products", bad)
    assert refused.value.code == "InvalidRequestParameters"
    with pytest.raises(InvalidParameter) as refused:
        parse_path("/v3/asset-changes/change-sets/{change-set-id}", "change-set-id", "x", "delete")
    assert refused.value.code == "InvalidChangeSetId"
    with pytest.raises(InvalidParameter) as refused:
        parse_query("/v3/search/images", QueryParams("page=x"))
    assert refused.value.code == "InvalidParameterValue"
