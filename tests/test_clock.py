"""The controllable clock: real time with an offset, or frozen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from photobank.clock import ControlledClock, ManualClock

START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def base() -> ManualClock:
    return ManualClock(START)


def test_follows_its_base_until_told_otherwise(base: ManualClock) -> None:
    clock = ControlledClock(base)
    base.advance(timedelta(seconds=5))
    assert clock.now() == START + timedelta(seconds=5)
    assert not clock.frozen


def test_advance_and_set_shift_a_running_clock(base: ManualClock) -> None:
    clock = ControlledClock(base)
    clock.advance(timedelta(hours=1))
    base.advance(timedelta(seconds=1))
    assert clock.now() == START + timedelta(hours=1, seconds=1)
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    base.advance(timedelta(seconds=1))
    assert clock.now() == datetime(2030, 1, 1, 0, 0, 1, tzinfo=UTC)


def test_frozen_clock_moves_only_when_told(base: ManualClock) -> None:
    clock = ControlledClock(base)
    clock.freeze()
    base.advance(timedelta(minutes=10))
    assert clock.now() == START
    clock.advance(timedelta(days=1))
    assert clock.now() == START + timedelta(days=1)
    clock.resume()
    base.advance(timedelta(seconds=3))
    assert clock.now() == START + timedelta(days=1, seconds=3)


def test_reset_returns_to_real_time(base: ManualClock) -> None:
    clock = ControlledClock(base)
    clock.freeze(datetime(2001, 1, 1, tzinfo=UTC))
    clock.reset()
    assert clock.now() == base.now()
    assert clock.offset == timedelta(0)


def test_naive_times_are_refused(base: ManualClock) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ControlledClock(base).set(datetime(2030, 1, 1))
