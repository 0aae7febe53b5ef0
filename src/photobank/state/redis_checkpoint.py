"""A request's catch-up and throttle step in one Redis round trip.

Before it answers, a node must learn whether another changed something its
caches hold (the generation, :mod:`.redis_generation`) and count the request in
its client's windows (:mod:`.redis_counters`). One script does both: it reads
the generation and counts only if it is the one this node last caught up with.
The gateway authenticates from this node's caches first; when the generation
moved, nothing was counted, and the gateway forgets its caches, authenticates
and counts again (two more round trips, once after each change). So a client
disabled or limited through another node is refused here on its next request,
and no request is counted under limits that no longer hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from photobank.auth.throttle import Sliding, Window
from photobank.state.generation import GenerationMoved
from photobank.state.redis_client import RedisUnavailable
from photobank.state.redis_counters import MOVED, RedisThrottleStore
from photobank.state.redis_generation import RedisGeneration


class RedisCheckpoint:
    """A :class:`~photobank.state.generation.Checkpoint` over one Redis."""

    def __init__(self, generation: RedisGeneration, throttle: RedisThrottleStore) -> None:
        self._generation = generation
        self._throttle = throttle

    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        if not windows:  # nothing to count: the generation's own read (Redis down: stale)
            if self._generation.stale():
                raise GenerationMoved
            return None
        try:
            full, now = self._throttle.acquire_unless_moved(windows, self._generation.seen)
        except RedisUnavailable:
            self._generation.moved_to(-1)  # unknown: the next request catches up
            raise
        if full == MOVED:
            self._generation.moved_to(now)
            raise GenerationMoved
        return None if full < 0 else full
