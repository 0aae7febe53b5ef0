"""The envelope's typed readers: a value no operation can use is the client's fault."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photobank.api.legacy.envelope import (
    LegacyError,
    boolean,
    download_status,
    from_domain,
    integer,
    numeric_ids,
    obj,
    objects,
    parse_date,
    parse_envelope,
    request_body,
    strings,
    text,
)
from photobank.boards.errors import BoardNotFound, InsufficientAccess, InvalidBoardName
from photobank.errors import (
    Forbidden,
    InsufficientCredits,
    InvalidParameter,
    NotFound,
    QuotaExhausted,
)
from photobank.licensing.authorizations import ExpiredAuthorization, InvalidAuthorization
from tests.properties import bounded, tricky_text


def parse_date_member(body: dict[str, Any], name: str) -> Any:
    return parse_date(body[name], name)


@pytest.mark.parametrize(
    "value", [2**31, -(2**31) - 1, 2**63, "9" * 5000, "\u00b2", "\u0661", "1e3", 1.5, True]
)
def test_integers_are_int32_in_ascii_digits(value: Any) -> None:
    with pytest.raises(LegacyError) as caught:
        integer({"ItemCount": value}, "ItemCount")
    assert "'ItemCount'" in caught.value.message


def test_an_integer_may_be_sent_as_its_text_and_have_a_floor() -> None:
    assert integer({"N": " -12 "}, "N") == -12
    with pytest.raises(LegacyError):
        integer({"EventId": -1}, "EventId", minimum=0)


@pytest.mark.parametrize(
    "value",
    [["-1"], [-1], ["\u00b2"], [2**64 - 1], ["1" * 19], [""], ["x"]],
)
def test_numeric_ids_are_refused_by_name(value: Any) -> None:
    with pytest.raises(LegacyError) as caught:
        numeric_ids({"KeywordIds": value}, "KeywordIds")
    assert "'KeywordIds'" in caught.value.message


@pytest.mark.parametrize(
    "raw",
    [
        "/Date(99999999999999999)/",
        "/Date(-99999999999999999)/",
        "/Date(-9999999999999)/",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31",
        "/Date(\u0661)/",
    ],
)
def test_dates_outside_what_a_query_can_name_are_refused(raw: str) -> None:
    with pytest.raises(LegacyError) as caught:
        parse_date(raw, "StartDate")
    assert "'StartDate'" in caught.value.message


# Member names the operations read, so that drawn bodies reach past the first check.
KEYS = (
    "AssetFamilies", "AssetIds", "Category", "ClipType", "CreativeSortOrder",
    "DateCreatedRange", "DateRange", "DownloadItems", "DownloadToken", "EditorialSegments",
    "EditorialSortOrder", "EditorialSources", "EndDate", "EventId", "EventIds",
    "ExcludeNudity", "FileTypes", "Filter", "Formats", "GraphicStyles", "Id", "Ids",
    "ImageFamilies", "ImageId", "ImageIds", "ImageSizes", "Images", "IncludeKeywords",
    "ItemCount", "ItemStartNumber", "KeywordIds", "Language", "LicensingModels",
    "LightboxId", "LightboxItemsViewOptions", "LightboxName", "Mode", "Notes",
    "Orientations", "ProductOffering", "ProductOfferings", "Query", "RefinementOptionsSet",
    "Refinements", "ResultOptions", "ResultsViewOptions", "SearchPhrase", "SizeKey",
    "SortOrder", "SpecificPersons", "StartDate", "SystemId", "SystemPassword", "UserName",
    "UserPassword", "RequestHeader", "Token", "CoordinationId",
)  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | tricky_text
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
READERS: tuple[Callable[[dict[str, Any], str], Any], ...] = (
    text, integer, boolean, strings, numeric_ids, obj, objects, parse_date_member,
)  # fmt: skip


@bounded(300)
@given(raw=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_body_is_an_envelope_or_refused(raw: bytes) -> None:
    try:
        document, header = parse_envelope(raw)
        body = request_body(document, ("SearchForImages2RequestBody",))
    except LegacyError as refused:
        assert refused.code == "InvalidRequest" and refused.message
    else:
        assert isinstance(header, dict) and isinstance(body, dict)


@bounded(400)
@given(value=json_values, reader=st.sampled_from(READERS))
def test_any_member_is_read_or_refused_by_name(
    value: Any, reader: Callable[[dict[str, Any], str], Any]
) -> None:
    try:
        reader({"Member": value}, "Member")
    except LegacyError as refused:
        assert "Member" in refused.message


def test_download_statuses_name_the_domains_reason() -> None:
    refusals = [
        (InvalidAuthorization("x"), "InvalidToken"),
        (ExpiredAuthorization("x"), "ExpiredToken"),
        (NotFound("x"), "Unavailable"),
        (QuotaExhausted("x"), "NoAccess"),
        (InsufficientCredits("x"), "NoAccess"),
        (Forbidden("x"), "NoAccess"),
    ]
    assert [download_status(exc) for exc, _ in refusals] == [want for _, want in refusals]


def test_domain_errors_keep_their_code_unless_the_spec_names_another() -> None:
    assert from_domain(BoardNotFound("gone")).code == "LightboxIdDoesNotExist"
    assert from_domain(InsufficientAccess("no")).code == "OperationValidOnlyForLightboxOwner"
    assert from_domain(InvalidBoardName("empty")).code == "InvalidLightboxName"
    refused = from_domain(InvalidParameter("name", "not a board's"))
    assert (refused.code, refused.message) == ("InvalidParameterValue", "not a board's")
