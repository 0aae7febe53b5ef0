"""Integers as clients write them, read the same way by every skin.

``int()`` alone takes what no client means as a number (``'٣'``, ``'1_000'``,
surrounding blanks) and, given a long enough string, spends quadratic time on
it; the skins read integers through :func:`ascii_integer` instead.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def _pattern(digits: int, signed: bool) -> re.Pattern[str]:
    return re.compile(f"{'[+-]?' if signed else ''}[0-9]{{1,{digits}}}")


def ascii_integer(text: str, *, digits: int, signed: bool = False) -> int | None:
    """The value of ``text`` written in ASCII digits, at most ``digits`` of them (after
    a ``+`` or ``-`` when ``signed``); None for any other text."""
    return int(text) if _pattern(digits, signed).fullmatch(text) else None
