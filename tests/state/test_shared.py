"""One behaviour, two backends: the workers' files and the nodes' Redis share state alike.

Each case opens the state twice over one place (a data directory, or a Redis
key prefix), as two processes or two nodes would, and checks what one sees of
the other's changes.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.auth.throttle import Sliding, Window
from photobank.composition import build_services
from photobank.config import Settings
from photobank.state.redis_client import RedisUnavailable
from photobank.state.shared import SharedState, open_shared
from tests.conftest import SECURE_BASE
from tests.servers import free_port, start_redis

DAY = Window("7:daily", "2026-12-07", 1_000, 86_400)
_prefixes = itertools.count(1)
Opener = Callable[[], SharedState]


@pytest.fixture(params=["files", "redis"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens the shared state of one deployment, once per process or node asking."""
    fields: dict[str, str | Path] = {"data_dir": tmp_path}
    if request.param == "redis":
        fields["redis_url"] = request.getfixturevalue("redis_url")
        fields["redis_prefix"] = f"photobank-state-{next(_prefixes)}:"
    settings = Settings(**fields)  # type: ignore[arg-type]
    opened: list[SharedState] = []

    def open_one() -> SharedState:
        opened.append(open_shared(settings))
        return opened[-1]

    yield open_one
    for state in opened:
        state.close()


def test_another_process_bump_is_noticed_once_and_ones_own_is_not(opener: Opener) -> None:
    here, there = opener().generation, opener().generation
    assert not here.stale() and not there.stale()
    there.bump()
    assert not there.stale()  # its own change is already in its caches
    assert here.stale() and not here.stale()
    here.bump()
    there.bump()  # both changed: each must catch up with the other
    assert here.stale() and there.stale()


def test_a_bump_by_someone_else_between_ones_own_is_not_missed(opener: Opener) -> None:
    here, there = opener().generation, opener().generation
    there.bump()
    here.bump()  # here has not caught up with there's change: still stale afterwards
    assert here.stale()
    assert not here.stale()


def test_a_state_opened_later_keeps_counting(opener: Opener) -> None:
    first = opener()
    first.generation.bump()
    first.throttle.put(DAY, 420)
    again, other = opener(), opener()
    other.generation.bump()
    assert again.generation.stale()
    assert again.throttle.count(DAY) == 420  # a restart keeps the day's count


def test_the_sliding_second_is_shared(opener: Opener) -> None:
    here, there = opener().throttle, opener().throttle
    for at in (0.0, 0.1, 0.2):
        assert here.acquire([Sliding("1:qps", 4, 1.0, 1e9 + at)]) is None
    assert there.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 0.3)]) is None
    assert here.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 0.4)]) == 0  # full, seen from here
    assert there.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 0.999)]) == 0  # still inside the second
    assert there.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 1.05)]) is None  # the first slid out
    assert here.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 1.06)]) == 0


def test_a_full_window_counts_nothing_in_the_others(opener: Opener) -> None:
    here, there = opener().throttle, opener().throttle
    there.put(DAY, 999)
    assert here.count(DAY) == 999
    second = Sliding("7:qps", 10, 1.0, 1e9)
    assert here.acquire([second, DAY]) is None and here.count(DAY) == 1_000
    assert there.acquire([second, DAY]) == 1 and there.count(DAY) == 1_000
    tomorrow = Window("7:daily", "2026-12-08", 1_000, 86_400)
    assert there.acquire([tomorrow]) is None and there.count(tomorrow) == 1  # a new day
    assert here.count(DAY) == 0  # the window moved on: yesterday's count is gone


def test_clear_forgets_every_counter_everywhere(opener: Opener) -> None:
    here, there = opener().throttle, opener().throttle
    here.put(DAY, 999)
    for at in range(3):
        here.acquire([Sliding("1:qps", 3, 1.0, 1e9 + at / 10)])
    there.clear()
    assert here.count(DAY) == 0
    assert here.acquire([Sliding("1:qps", 3, 1.0, 1e9 + 0.5)]) is None


def test_a_changed_limit_keeps_the_latest_times(opener: Opener) -> None:
    store = opener().throttle
    for n in range(10):
        assert store.acquire([Sliding("2:qps", 10, 1.0, 1e9 + n / 100)]) is None
    assert store.acquire([Sliding("2:qps", 3, 1.0, 1e9 + 0.5)]) == 0  # three in the last second
    assert store.acquire([Sliding("2:qps", 12, 1.0, 1e9 + 0.5)]) is None
    assert store.acquire([Sliding("2:qps", 12, 1.0, 1e9 + 0.5)]) is None
    assert store.acquire([Sliding("2:qps", 12, 1.0, 1e9 + 0.5)]) == 0


def _hammer(open_one: Opener, at: float, tries: int, accepted: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = open_one().throttle
    ok = sum(store.acquire([Sliding("7:qps", 50, 1.0, at), DAY]) is None for _ in range(tries))
    accepted.put(ok)


def test_processes_never_pass_the_limit_together(opener: Opener) -> None:
    context = multiprocessing.get_context("fork")
    accepted: multiprocessing.Queue[int] = context.Queue()
    workers = [context.Process(target=_hammer, args=(opener, 1e9, 200, accepted)) for _ in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert accepted.get(timeout=5) + accepted.get(timeout=5) == 50
    assert opener().throttle.count(DAY) == 50


def test_a_node_whose_redis_goes_away_says_so_rather_than_fail(tmp_path: Path) -> None:
    url, redis = start_redis()  # its own, to stop
    settings = Settings(data_dir=tmp_path, redis_url=url, hash_cost="fast")
    services = build_services(settings)
    services.accounts.create_client("limited", api_key="limited-key", secret="s", qps_limit=5)
    try:
        with TestClient(create_app(settings, services), SECURE_BASE) as client:
            assert client.get("/ready").json() == {"ready": True}
            search = client.get("/v3/search/images", headers={"Api-Key": "limited-key"})
            assert search.status_code == 200
            redis.terminate()
            redis.wait(10)
            ready = client.get("/ready")
            assert ready.status_code == 503
            assert ready.json() == {"ready": False, "failed": {"redis": "ConnectionError"}}
            search = client.get("/v3/search/images", headers={"Api-Key": "limited-key"})
            assert search.status_code == 503 and "Redis does not answer" in search.text
    finally:
        redis.kill()
        services.close()


def test_a_node_whose_redis_does_not_answer_at_start_stops_in_one_line(tmp_path: Path) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(RedisUnavailable, match="Redis does not answer"):
        build_services(Settings(data_dir=tmp_path, redis_url=dead, hash_cost="fast"))


def test_a_dropped_redis_connection_costs_no_catch_up_and_misses_no_change(
    tmp_path: Path,
) -> None:
    url, redis = start_redis()  # its own, whose connections are cut
    settings = Settings(data_dir=tmp_path, redis_url=url, hash_cost="fast")
    here, there = open_shared(settings), open_shared(settings)
    try:
        assert not here.generation.stale()
        assert there.redis is not None
        there.redis.client_kill_filter(_type="normal", skipme=True)  # as a Redis restart would
        assert not here.generation.stale()  # read again over a new connection: unchanged
        there.generation.bump()
        there.redis.client_kill_filter(_type="normal", skipme=True)
        assert here.generation.stale() and not here.generation.stale()
    finally:
        here.close()
        there.close()
        redis.kill()
        redis.wait(10)
