"""Daily quotas survive a restart: counts are written behind the throttle and read back."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from photobank import errors
from photobank.accounts.models import ApiClient
from photobank.auth.daily_ledger import DailyLedger
from photobank.auth.throttle import Throttle
from photobank.clock import ManualClock
from tests.deployment import migrated_engine

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
CLIENT = ApiClient(7, "app", "key", True, 0, 3, ("client_credentials",), NOW)


def _throttle(path: Path, clock: ManualClock) -> Throttle:
    engine = migrated_engine(path)
    return Throttle(clock, ledger=DailyLedger(engine))


def _allowed(throttle: Throttle, times: int, client: ApiClient = CLIENT) -> int:
    allowed = 0
    for _ in range(times):
        try:
            throttle.check(client)
            allowed += 1
        except errors.Throttled:
            pass
    return allowed


def test_a_restart_keeps_the_days_count_and_a_new_day_starts_afresh(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    first = _throttle(tmp_path, clock)
    assert _allowed(first, 2) == 2
    first.close()
    again = _throttle(tmp_path, clock)
    assert _allowed(again, 5) == 1  # 3 a day: two were spent before the restart
    clock.set(datetime(2026, 3, 2, 0, 0, 1, tzinfo=UTC))
    assert _allowed(again, 5) == 3
    again.close()


def test_counts_are_written_within_a_second_without_a_clean_stop(tmp_path: Path) -> None:
    throttle = _throttle(tmp_path, ManualClock(NOW))
    other = replace(CLIENT, id=8)
    assert _allowed(throttle, 2) + _allowed(throttle, 1, other) == 3
    reader = DailyLedger(migrated_engine(tmp_path))
    deadline = time.monotonic() + 5
    while reader.counts("2026-03-01") != {7: 2, 8: 1}:
        assert time.monotonic() < deadline, reader.counts("2026-03-01")
        time.sleep(0.05)
    throttle.close()


@pytest.mark.parametrize("how", ["reset", "set_daily_usage"])
def test_a_reset_or_a_set_usage_is_what_the_next_start_reads(tmp_path: Path, how: str) -> None:
    clock = ManualClock(NOW)
    first = _throttle(tmp_path, clock)
    assert _allowed(first, 3) == 3
    if how == "reset":
        first.reset()
    else:
        first.set_daily_usage(CLIENT, 1)
    first.close()
    again = _throttle(tmp_path, clock)
    assert _allowed(again, 5) == (3 if how == "reset" else 2)
    again.close()
