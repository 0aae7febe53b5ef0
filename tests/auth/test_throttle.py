import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from photobank import errors
from photobank.accounts.models import ApiClient
from photobank.auth.throttle import OVER_DAILY, OVER_QPS, Throttle
from photobank.clock import ManualClock
from photobank.state.counters import FileThrottleStore

START = datetime(2026, 3, 1, 23, 59, 58, 100_000, tzinfo=UTC)
CLIENT = ApiClient(1, "app", "key", True, 2, 5, ("client_credentials",), START)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(params=["memory", "files"])
def throttle(
    request: pytest.FixtureRequest, clock: ManualClock, tmp_path: Path
) -> Iterator[Throttle]:
    """Every rule holds for one process's counters and for the workers' shared file."""
    if request.param == "memory":
        yield Throttle(clock)
        return
    store = FileThrottleStore(tmp_path / "throttle")
    yield Throttle(clock, store)
    store.close()


def _refusal(throttle: Throttle, client: ApiClient = CLIENT) -> str | None:
    try:
        throttle.check(client)
    except errors.Throttled as refused:
        assert refused.message == {"qps": OVER_QPS, "daily": OVER_DAILY}[refused.limit]
        return refused.limit
    return None


def test_qps_limit_applies_within_one_second(throttle: Throttle, clock: ManualClock) -> None:
    assert [_refusal(throttle) for _ in range(3)] == [None, None, "qps"]
    clock.advance(timedelta(milliseconds=999))
    assert _refusal(throttle) == "qps"
    clock.advance(timedelta(milliseconds=1))  # a whole second after the first two
    assert [_refusal(throttle) for _ in range(3)] == [None, None, "qps"]


def test_the_second_slides_so_a_boundary_never_lets_twice_the_limit_through(
    throttle: Throttle, clock: ManualClock
) -> None:
    daily_free = replace(CLIENT, daily_limit=0, qps_limit=10)
    clock.advance(timedelta(milliseconds=850))  # late in one clock second ...
    assert [_refusal(throttle, daily_free) for _ in range(10)] == [None] * 10
    clock.advance(timedelta(milliseconds=100))  # ... and early in the next
    assert [_refusal(throttle, daily_free) for _ in range(10)] == ["qps"] * 10
    clock.advance(timedelta(milliseconds=900))  # the first ten are a second old
    assert [_refusal(throttle, daily_free) for _ in range(11)] == [None] * 10 + ["qps"]


def test_daily_limit_resets_at_utc_midnight(throttle: Throttle, clock: ManualClock) -> None:
    daily_only = replace(CLIENT, qps_limit=0)
    assert [_refusal(throttle, daily_only) for _ in range(6)] == [None] * 5 + ["daily"]
    clock.set(datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=UTC))
    assert _refusal(throttle, daily_only) == "daily"
    clock.set(datetime(2026, 3, 2, tzinfo=UTC))
    assert [_refusal(throttle, daily_only) for _ in range(6)] == [None] * 5 + ["daily"]


def test_daily_limit_follows_utc_not_the_clock_zone(clock: ManualClock) -> None:
    paris = timezone(timedelta(hours=1))
    clock.set(datetime(2026, 3, 2, 0, 30, tzinfo=paris))  # still 1 March in UTC
    throttle = Throttle(clock)
    daily_only = replace(CLIENT, qps_limit=0, daily_limit=1)
    assert _refusal(throttle, daily_only) is None
    clock.set(datetime(2026, 3, 1, 23, 59, tzinfo=UTC))
    assert _refusal(throttle, daily_only) == "daily"


def test_refused_requests_do_not_spend_the_daily_quota(
    throttle: Throttle, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    for _ in range(2):
        assert [_refusal(throttle) for _ in range(12)] == [None, None] + ["qps"] * 10
        clock.advance(timedelta(seconds=1))
    assert [_refusal(throttle), _refusal(throttle)] == [None, "daily"]


def test_zero_means_unlimited(throttle: Throttle) -> None:
    unlimited = replace(CLIENT, qps_limit=0, daily_limit=0)
    assert all(_refusal(throttle, unlimited) is None for _ in range(1000))


def test_clients_are_counted_apart(throttle: Throttle) -> None:
    other = replace(CLIENT, id=2)
    assert [_refusal(throttle), _refusal(throttle), _refusal(throttle)] == [None, None, "qps"]
    assert _refusal(throttle, other) is None


def test_concurrent_checks_never_exceed_the_limit(throttle: Throttle) -> None:
    client = replace(CLIENT, qps_limit=50, daily_limit=0)
    allowed = []
    lock = threading.Lock()

    def hammer() -> None:
        for _ in range(20):
            ok = _refusal(throttle, client) is None
            with lock:
                allowed.append(ok)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 50
