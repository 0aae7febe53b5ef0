"""The values an account operation takes, checked before anything is written:
each refusal names the field."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table

from photobank import errors
from photobank.accounts.models import GRANT_TYPES


def check_text(name: str, value: str, table: Table, *, required: bool = True) -> None:
    """A text field: not blank when required, within its column's width."""
    column = table.c.get(name)
    width = getattr(column.type, "length", None) if column is not None else None
    if required and not value.strip():
        raise errors.InvalidParameter(name, f"'{name}' cannot be empty.")
    if width is not None and len(value) > width:
        raise errors.InvalidParameter(name, f"'{name}' is longer than {width} characters.")


def check_secret(name: str, value: str) -> None:
    """A secret or password: not empty."""
    if not value:
        raise errors.InvalidParameter(name, f"'{name}' cannot be empty.")


def check_limits(qps: int, daily: int) -> None:
    """QPS and daily limits: 0 (unlimited) or more."""
    for name, value in (("qps_limit", qps), ("daily_limit", daily)):
        if value < 0:
            raise errors.InvalidParameter(name, f"'{name}' must be 0 (unlimited) or more.")


def check_grant_types(grant_types: Iterable[str]) -> tuple[str, ...]:
    """Grant types: known ones, at least one, each once."""
    chosen = tuple(dict.fromkeys(grant_types))
    unknown = [g for g in chosen if g not in GRANT_TYPES]
    if unknown or not chosen:
        raise errors.InvalidParameter(
            "grant_types", f"Grant types must be some of {', '.join(GRANT_TYPES)}."
        )
    return chosen
