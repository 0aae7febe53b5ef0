"""What sharing the emulator in Redis costs a request, against keeping it in the process.

``python -m bench.emulator_shared [--calls N]`` starts a Redis (tests/servers.py)
and times, per call, in the same run:

* journaling one exchange: the in-process ring (:class:`~photobank.emulator.ring.Ring`)
  against the Redis one (:class:`~photobank.state.redis_journal.RedisRing`, one Lua
  script a request);
* the look every request of an emulator node begins with: whether another node
  changed the clock, switches or rules (one ``GET`` when none did);
* a fault rule firing: the in-process count against the Redis script that counts
  "the next N" for every node.

It prints microseconds per call, their ratios and the load average; it never asserts.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime

import redis

from photobank.emulator.faults import Faults, FaultSpec, RequestView
from photobank.emulator.ring import Ring
from photobank.state.redis_emulator import RedisControls
from photobank.state.redis_faults import RedisFaults
from photobank.state.redis_journal import RedisRing

SEARCH = RequestView("GET", "/v3/search/images", "key", None)


def _per_call(calls: int, call: Callable[[], object]) -> float:
    """Microseconds per call, the best of three rounds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(calls):
            call()
        best = min(best, (time.perf_counter() - started) / calls * 1e6)
    return best


def _line(name: str, here: float, shared: float | None = None) -> None:
    if shared is None:
        print(f"  {name:<34} {here:8.1f} µs")
    else:
        print(f"  {name:<34} {here:8.1f} µs in process, {shared:8.1f} µs in Redis"
              f" ({shared / here:,.0f}x, +{shared - here:.1f} µs)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=5_000, help="calls per round")
    calls = parser.parse_args().calls
    from tests.emulator.exchanges import exchange
    from tests.servers import start_redis

    url, server = start_redis()
    try:
        client = redis.Redis.from_url(url)
        answer = b'{"images": [{"id": "1", "title": "Lake"}]}' * 10
        at = datetime(2026, 12, 7, tzinfo=UTC)
        one = exchange("GET", "/v3/search/images", at=at, query=b"q=lake", response_body=answer)
        ring = Ring(1000, 16 << 20)
        shared_ring = RedisRing(client, "bench:", 1000, 16 << 20, lambda _k: None, lambda _i: None)
        print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared with other work)")
        _line("journal one exchange", _per_call(calls, lambda: ring.append(one)),
              _per_call(calls, lambda: shared_ring.append(one)))  # fmt: skip
        controls = RedisControls(client, "bench:")
        controls.changed()
        _line("look for other nodes' changes", _per_call(calls, controls.changed))
        faults, shared_faults = Faults(), RedisFaults(client, "bench:", controls.bump)
        for book in (faults, shared_faults):
            book.add(FaultSpec(path="/v3/search/*", status=503))
        _line("fire a fault rule", _per_call(calls, lambda: faults.pick(SEARCH)),
              _per_call(calls, lambda: shared_faults.pick(SEARCH)))  # fmt: skip
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
