"""The workers' shared throttle counters: exact over processes, flat in size."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from photobank.auth.throttle import Sliding, Window
from photobank.state.counters import FileThrottleStore

DAY = Window("7:daily", "2026-12-07", 1_000, 86_400)


def _hammer(directory: Path, at: float, tries: int, accepted: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = FileThrottleStore(directory)
    ok = sum(store.acquire([Sliding("7:qps", 50, 1.0, at), DAY]) is None for _ in range(tries))
    store.close()
    accepted.put(ok)


def test_two_processes_never_pass_the_limit_together(tmp_path: Path) -> None:
    accepted: multiprocessing.Queue[int] = multiprocessing.get_context("fork").Queue()
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_hammer, args=(tmp_path, 1e9, 200, accepted)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert accepted.get(timeout=5) + accepted.get(timeout=5) == 50
    assert FileThrottleStore(tmp_path).count(DAY) == 50


def test_another_store_on_the_directory_sees_the_same_counts(tmp_path: Path) -> None:
    here, there = FileThrottleStore(tmp_path), FileThrottleStore(tmp_path)
    for at in (0.0, 0.1, 0.2):
        assert here.acquire([Sliding("1:qps", 4, 1.0, 1e9 + at)]) is None
    assert there.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 0.3)]) is None
    assert here.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 0.4)]) == 0  # full, seen from here
    assert there.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 1.05)]) is None  # the first slid out
    there.put(DAY, 999)
    assert here.count(DAY) == 999
    assert here.acquire([DAY]) is None and there.acquire([DAY]) == 0
    here.clear()
    assert there.count(DAY) == 0
    assert there.acquire([Sliding("1:qps", 4, 1.0, 1e9 + 1.1)]) is None


def test_a_changed_limit_keeps_the_latest_times_and_the_file_stays_small(tmp_path: Path) -> None:
    store = FileThrottleStore(tmp_path)
    for n in range(10):
        assert store.acquire([Sliding("2:qps", 10, 1.0, 1e9 + n / 100)]) is None
    assert store.acquire([Sliding("2:qps", 3, 1.0, 1e9 + 0.5)]) == 0  # three in the last second
    assert store.acquire([Sliding("2:qps", 12, 1.0, 1e9 + 0.5)]) is None
    assert store.acquire([Sliding("2:qps", 12, 1.0, 1e9 + 0.5)]) is None
    assert store.acquire([Sliding("2:qps", 12, 1.0, 1e9 + 0.5)]) == 0
    for n in range(1000):
        store.acquire([Sliding("2:qps", 12, 1.0, 2e9 + n)])
    assert (tmp_path / "2_3Aqps").stat().st_size == 12 + 12 * 8
