"""The conditional UPDATEs that charge a product: the only place counts change.

Each is one statement whose WHERE clause re-checks, against the row as it is
at that instant, that the product is active, unexpired and has room left. Two
concurrent charges therefore cannot both take the last download (SQLite
serialises writers; PostgreSQL re-evaluates the WHERE on the locked row),
counts never go negative, and the caller learns from the row count whether it
was charged. Run inside the caller's transaction, as its first statement, so
the licence recorded next commits or rolls back with the charge.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, case, or_, update

from photobank.licensing.periods import period_of
from photobank.store import tables as t

_P = t.products.c


def _open(product_id: int, now: datetime) -> list[ColumnElement[bool]]:
    return [
        _P.id == product_id,
        _P.status == "active",
        or_(_P.expires_at.is_(None), _P.expires_at > now),
    ]


def take_download(
    conn: Connection, product_id: int, duration: str | None, now: datetime, *, overage: bool
) -> bool:
    """Count one download on the product; with ``overage``, its overage allowance may be used.

    A count from an earlier period is started afresh in the same statement.
    """
    period = period_of(duration, now)
    used = case((_P.period == period, _P.downloads_used), else_=0)
    allowance = _P.download_limit + (_P.overage_limit if overage else 0)
    statement = (
        update(t.products)
        .where(*_open(product_id, now), or_(_P.download_limit.is_(None), used < allowance))
        .values(downloads_used=used + 1, period=period)
    )
    return conn.execute(statement).rowcount == 1


def take_credits(
    conn: Connection, product_id: int, credits: int, now: datetime, *, team: bool
) -> bool:
    """Spend ``credits`` of the product's own credits, or of its team credits."""
    column = _P.team_credits if team else _P.credits_remaining
    statement = (
        update(t.products)
        .where(*_open(product_id, now), column >= credits)
        .values({column.name: column - credits})
    )
    return conn.execute(statement).rowcount == 1
