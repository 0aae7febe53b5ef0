"""Download-limit periods and their reset dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from photobank.licensing.periods import next_reset, period_of

WEDNESDAY = datetime(2026, 12, 30, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("duration", "reset"),
    [
        ("day", datetime(2026, 12, 31, tzinfo=UTC)),
        ("week", datetime(2027, 1, 4, tzinfo=UTC)),  # the next Monday
        ("month", datetime(2027, 1, 1, tzinfo=UTC)),
        ("year", datetime(2027, 1, 1, tzinfo=UTC)),
        (None, None),
    ],
)
def test_the_count_resets_at_the_start_of_the_next_period(
    duration: str | None, reset: datetime | None
) -> None:
    assert next_reset(duration, WEDNESDAY) == reset
    if reset is not None:
        assert period_of(duration, reset) == period_of(duration, WEDNESDAY) + 1
        assert period_of(duration, reset.replace(microsecond=1)) != period_of(duration, WEDNESDAY)


def test_a_whole_term_limit_never_changes_period() -> None:
    assert period_of(None, WEDNESDAY) == period_of(None, datetime(2040, 1, 1, tzinfo=UTC)) == 0


def test_periods_are_utc_days() -> None:
    late = datetime.fromisoformat("2026-12-30T23:30:00-05:00")  # already the 31st in UTC
    assert period_of("day", late) == period_of("day", datetime(2026, 12, 31, tzinfo=UTC))
