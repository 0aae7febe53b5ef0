"""The envelope's typed readers: a value no operation can use is the client's fault."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.api.legacy.envelope import LegacyError, integer, numeric_ids, parse_date


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
