"""What journal queries and fault rules match on: method, path glob, status, operation."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase

_LEGACY_OPERATION = re.compile(r"/v[12]/[A-Za-z]+/([A-Za-z]+)/?")
_STATUS_CLASS = re.compile(r"[1-5]xx")


def operation_of(path: str) -> str | None:
    """The legacy operation a path names (``/v1/search/SearchForImages``), if any."""
    found = _LEGACY_OPERATION.fullmatch(path)
    return found.group(1) if found else None


def path_matches(pattern: str | None, path: str) -> bool:
    """A glob (``*`` spans slashes: ``/v3/images/*``); no wildcard means equality."""
    if pattern is None:
        return True
    if "*" in pattern or "?" in pattern or "[" in pattern:
        return fnmatchcase(path, pattern)
    return path == pattern


def method_matches(expected: str | None, method: str) -> bool:
    return expected is None or expected.upper() == method


def status_matches(expected: int | str | None, status: int | None) -> bool:
    """An exact status or a class such as ``4xx``."""
    if expected is None:
        return True
    if status is None:
        return False
    if isinstance(expected, int):
        return status == expected
    text = expected.strip().lower()
    if _STATUS_CLASS.fullmatch(text):
        return status // 100 == int(text[0])
    return text.isdigit() and status == int(text)


def check_status_filter(expected: int | str | None) -> None:
    """Refuse a status filter that could never match (a client's typo, not a 500)."""
    if expected is None or isinstance(expected, int):
        return
    text = expected.strip().lower()
    if not (_STATUS_CLASS.fullmatch(text) or text.isdigit()):
        raise ValueError(f"status must be a number or a class such as 4xx, not {expected!r}")
