"""Exchanges handed to a journal the way the emulator middleware hands them over."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from photobank.config import MIB
from photobank.emulator.journal import Journal
from photobank.emulator.ring import Exchange

Pairs = Iterable[tuple[bytes, bytes]]
JOURNAL_BUDGET = 16 * MIB


def exchange(
    method: str = "GET",
    path: str = "/v3/images/1",
    *,
    at: datetime,
    status: int | None = 200,
    query: bytes = b"",
    body: bytes = b"",
    headers: Pairs = (),
    response_headers: Pairs = (),
    response_body: bytes = b"",
    caller: Any = None,
) -> Exchange:
    """One exchange; ``status=None`` is a request cut before any response."""
    sent: list[Any] = []
    if status is not None:
        start = {"type": "http.response.start", "status": status, "headers": response_headers}
        sent = [start, response_body, len(response_body)]
    return (
        (method, path, query, headers if isinstance(headers, list) else list(headers)),
        (body, len(body)) if body else None,
        sent,
        at.timestamp(),
        0.001,
        None,
        status is None,
        {"caller": caller} if caller is not None else {},
    )


def record(
    journal: Journal, method: str = "GET", path: str = "/v3/images/1", **kwargs: Any
) -> None:
    journal.record(exchange(method, path, **kwargs))
