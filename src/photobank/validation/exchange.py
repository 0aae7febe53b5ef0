"""A request as a validator sees it: plain values, whichever server or proxy carried it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Headers = Sequence[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Sent:
    """``path`` without its query; ``query`` the raw query string; header names lower case."""

    method: str
    path: str
    query: str
    headers: Headers
    body: bytes = b""

    @classmethod
    def from_target(cls, method: str, target: str, headers: Headers, body: bytes = b"") -> Sent:
        """From a request target, ``/v3/images?ids=1``."""
        path, _, query = target.partition("?")
        return cls(method.upper(), path, query, headers, body)

    def header(self, name: bytes) -> str | None:
        return header(self.headers, name)


def header(headers: Headers, name: bytes) -> str | None:
    """The first value of header ``name`` (lower case) in ``headers``."""
    return next((v.decode("latin-1") for k, v in headers if k.lower() == name), None)
