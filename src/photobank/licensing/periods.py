"""Download-limit periods: calendar days, weeks (from Monday), months and years, in UTC.

A product's counter belongs to one period, named by an integer; comparing the
stored integer with the current one tells whether the count has lapsed, inside
SQL as well as in Python.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

DURATIONS = ("day", "week", "month", "year")


def period_of(duration: str | None, now: datetime) -> int:
    """The number of the period ``now`` falls in; 0 for a limit over the whole term."""
    today = now.astimezone(UTC).date()
    if duration == "day":
        return today.toordinal()
    if duration == "week":
        return (today.toordinal() - today.weekday()) // 7
    if duration == "month":
        return today.year * 12 + today.month - 1
    if duration == "year":
        return today.year
    return 0


def next_reset(duration: str | None, now: datetime) -> datetime | None:
    """When the current period ends and the count starts again; None when it never does."""
    today = now.astimezone(UTC).date()
    if duration == "day":
        start = today + timedelta(days=1)
    elif duration == "week":
        start = today + timedelta(days=7 - today.weekday())
    elif duration == "month":
        start = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    elif duration == "year":
        start = date(today.year + 1, 1, 1)
    else:
        return None
    return datetime.combine(start, time(), tzinfo=UTC)
