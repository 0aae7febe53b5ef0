"""One entry point for either API: which checks apply to an exchange, by its path."""

from __future__ import annotations

from photobank.validation import legacy, v3
from photobank.validation.exchange import Headers, Sent
from photobank.validation.violations import Violation, bounded


def is_checked(method: str, path: str) -> bool:
    """Only the two Getty APIs are checked: not tokens, media, pages or controls, nor a
    browser's CORS preflight (``OPTIONS``), which no contract describes."""
    return method != "OPTIONS" and (path.startswith("/v3/") or legacy.is_legacy(path))


def warm() -> None:
    """Build what the checks read before serving (a first request would pay for it);
    a server then freezes it out of the collector's passes (``gc.freeze``): the
    contract and its schemas are many objects, and walking them on every full
    collection cost milliseconds per request under load."""
    v3.warm()


def check_request(sent: Sent) -> list[Violation]:
    if sent.path.startswith("/v3/"):
        return bounded(v3.check_request(sent))
    if legacy.is_legacy(sent.path):
        return bounded(legacy.check_request(sent))
    return []


def check_response(sent: Sent, status: int, headers: Headers, body: bytes) -> list[Violation]:
    if sent.path.startswith("/v3/"):
        return bounded(v3.check_response(sent, status, headers, body))
    if legacy.is_legacy(sent.path):
        return bounded(legacy.check_response(sent, status, headers, body))
    return []
