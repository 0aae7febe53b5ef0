"""What a distributed request's catch-up and throttle step cost, apart and together.

``python -m bench.request_check [--calls N]`` starts a Redis (tests/servers.py),
opens a node's shared state on it and times, per call, in the same run:

* the change generation's ``GET`` alone (an unthrottled client's request);
* the two round trips a throttled request took before: that ``GET``, then the
  throttle's script;
* the one a throttled request takes now: the script that reads the generation
  and counts only if it held (:mod:`photobank.state.redis_checkpoint`).

The window is a client's sliding second, with a limit no call reaches. It
prints microseconds per call (the best of three rounds), the ratio and the load
average; it never asserts.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from bench.emulator_shared import _per_call
from photobank.auth.throttle import Sliding
from photobank.config import Settings
from photobank.state.shared import open_shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=5_000, help="calls per round")
    calls = parser.parse_args().calls
    from tests.servers import start_redis

    url, server = start_redis()
    where = tempfile.TemporaryDirectory(prefix="photobank-bench-")
    state = open_shared(Settings(data_dir=Path(where.name), redis_url=url))
    try:
        generation, throttle, checkpoint = state.generation, state.throttle, state.checkpoint
        assert checkpoint is not None
        window = [Sliding("1:qps", 1_000_000_000, 1.0, 1e9)]
        print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared with other work)")
        alone = _per_call(calls, generation.stale)
        before = _per_call(calls, lambda: (generation.stale(), throttle.acquire(window)))
        now = _per_call(calls, lambda: checkpoint.acquire(window))
        print(f"  generation GET alone              {alone:8.1f} µs")
        print(f"  GET, then the throttle script     {before:8.1f} µs")
        print(f"  one script doing both             {now:8.1f} µs"
              f" ({before / now:.2f}x faster, -{before - now:.1f} µs a request)")  # fmt: skip
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        state.close()
        where.cleanup()
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
