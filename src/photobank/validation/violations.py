"""A violation of the contract, and how a list of them is told in one header."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson

HEADER = b"x-photobank-violations"
# The key under which an answer's start message carries its violations to the journal
# (photobank.emulator.journal), packed as plain tuples the journal's ring can marshal.
MESSAGE_KEY = "photobank.violations"
_EXPOSE = b"access-control-expose-headers"
MAX_VIOLATIONS = 20  # kept per exchange: a broken list answer repeats one fault per item
_HEADER_LIMIT = 480  # characters of the header's summary
_GOT_LIMIT = 80  # characters of an offending value shown
_WHERE_LIMIT = 120  # characters of a location (a query parameter's name is the client's)
_EXPECTED_LIMIT = 200  # characters of what was expected (an enum's values)

Side = Literal["request", "response"]
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Violation:
    """What in an exchange breaks the contract: ``where`` names the part
    (``query.sort_order``, ``header.Api-Key``, ``body.images[0].id``, ``status``),
    ``what`` the rule (``enum``, ``type``, ``required``, ``unknown parameter`` ...).
    A warning is something Getty tolerates (an unknown query parameter)."""

    side: Side
    where: str
    what: str
    expected: str
    got: str
    warning: bool = False

    @property
    def summary(self) -> str:
        return f"{self.side} {self.where}: {self.what}"

    def describe(self) -> str:
        """One sentence: the summary with what was expected and what came."""
        return f"{self.summary} (expected {self.expected}, got {self.got})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "where": self.where,
            "what": self.what,
            "expected": self.expected,
            "got": self.got,
            "severity": "warning" if self.warning else "error",
        }


Packed = tuple[tuple[Side, str, str, str, str, bool], ...]


def packed(violations: Iterable[Violation]) -> Packed:
    return tuple((v.side, v.where, v.what, v.expected, v.got, v.warning) for v in violations)


def unpacked(values: Packed) -> list[Violation]:
    return [Violation(*value) for value in values]


def bounded(violations: list[Violation]) -> list[Violation]:
    """At most :data:`MAX_VIOLATIONS`, each part cut short: names and values come from
    the client or the upstream, and the journal keeps them."""
    return [
        Violation(
            v.side,
            shown(v.where, _WHERE_LIMIT),
            v.what,
            shown(v.expected, _EXPECTED_LIMIT),
            shown(v.got),
            v.warning,
        )
        for v in violations[:MAX_VIOLATIONS]
    ]


def shown(value: Any, limit: int = _GOT_LIMIT) -> str:
    """A value as JSON text, cut short: a violation quotes what came, never a whole body."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = orjson.dumps(value).decode()
        except TypeError:
            text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def errors(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if not v.warning]


def with_header(headers: Iterable[tuple[bytes, bytes]], violations: Sequence[Violation]) -> Headers:
    """``headers`` with the violations header in place of any earlier one (an upstream
    photobank's own), exposed to browser scripts as CORS requires for a custom header."""
    kept = [(k, v) for k, v in headers if not _ours(k.lower(), v)]
    return [*kept, (HEADER, header_value(violations)), (_EXPOSE, HEADER)]


def _ours(name: bytes, value: bytes) -> bool:
    return name == HEADER or (name == _EXPOSE and value == HEADER)


def header_value(violations: Sequence[Violation]) -> bytes:
    """``2 errors, 1 warning: request query.sort_order: enum; ...`` (latin-1, bounded)."""
    count = len(violations)
    failed = len(errors(violations))
    warned = count - failed
    parts = []
    if failed:
        parts.append(f"{failed} error{'s' * (failed != 1)}")
    if warned:
        parts.append(f"{warned} warning{'s' * (warned != 1)}")
    text = ", ".join(parts) or "0"
    if violations:
        text += ": " + "; ".join(v.summary for v in violations)
    if len(text) > _HEADER_LIMIT:
        text = text[: _HEADER_LIMIT - 3] + "..."
    return text.encode("latin-1", "replace")
