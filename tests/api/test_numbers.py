"""Integers as both skins read them: ASCII digits, a bounded length, a sign only if allowed."""

from __future__ import annotations

import pytest

from photobank.api.numbers import ascii_integer


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7), ("007", 7), ("+12", 12), ("-12", -12), ("9" * 10, 9_999_999_999)],
)
def test_signed_decimal_text_is_read(text: str, expected: int) -> None:
    assert ascii_integer(text, digits=10, signed=True) == expected


@pytest.mark.parametrize(
    "text",
    ["", " 7", "7 ", "1_000", "1e3", "0x1f", "\u0663", "\u00b2", "+", "--1", "9" * 11, "3.0"],
)
def test_anything_else_is_not_a_number(text: str) -> None:
    assert ascii_integer(text, digits=10, signed=True) is None


def test_an_unsigned_reading_refuses_a_sign() -> None:
    assert ascii_integer("42", digits=18) == 42
    assert ascii_integer("+42", digits=18) is None
    assert ascii_integer("-42", digits=18) is None
    assert ascii_integer("9" * 19, digits=18) is None
