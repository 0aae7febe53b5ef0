"""A client's own text quoted in an OAuth2 ``error_description``.

RFC 6749 §5.2 allows only printable ASCII other than ``"`` and ``\\`` there,
and authlib raises ``ValueError`` (a 500) when an error is made with any other
character; so what a client sent is percent-encoded before it is quoted.
"""

from __future__ import annotations

from urllib.parse import quote

_SAFE = "".join(c for c in map(chr, range(0x20, 0x7F)) if c not in '"\\%')


def quoted(value: str) -> str:
    """``value`` with every character an error description may not hold percent-encoded."""
    return quote(value, safe=_SAFE)
