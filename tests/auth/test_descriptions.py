"""A client's text quoted in an OAuth2 error description holds only what RFC 6749 allows."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from photobank.auth.descriptions import quoted

_ALLOWED = {chr(c) for c in range(0x20, 0x7F)} - {'"', "\\"}


def test_plain_text_is_kept_and_the_rest_percent_encoded() -> None:
    assert quoted("redirect_uri=https://app.example/cb?x=1") == (
        "redirect_uri=https://app.example/cb?x=1"
    )
    assert quoted('co"de\\') == "co%22de%5C"
    assert quoted("cödé\x00") == "c%C3%B6d%C3%A9%00"
    assert quoted("100%") == "100%25"  # so a quoted text reads back unambiguously


@given(st.text())
def test_any_text_becomes_a_valid_description(value: str) -> None:
    assert set(quoted(value)) <= _ALLOWED


def test_printable_ascii_other_than_quote_backslash_and_percent_is_untouched() -> None:
    kept = "".join(c for c in string.printable if c in _ALLOWED and c != "%")
    assert quoted(kept) == kept
