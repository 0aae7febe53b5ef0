"""Throttle counters in Redis, shared by every node: one Lua script per request.

The script checks every window of a request and, only when none is full,
counts it in all of them, atomically (Redis runs one script at a time), so
the sum over all nodes never passes a limit. A sliding window is a list of
the times of its last ``limit`` requests: full when it holds ``limit`` times
and the oldest is less than ``seconds`` ago; it expires once idle for its
length. A fixed window (the UTC day) is a hash of its period and count, kept
twice its length, so a restarted node finds the day's count where it left it.
Every key is ``<prefix>throttle:<window key>``. The same script reads the change
generation first (see :mod:`photobank.state.redis_checkpoint`): a request's
throttle step and its node's catch-up cost one round trip together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import redis

from photobank.auth.throttle import Sliding, Window
from photobank.state.redis_client import answering
from photobank.state.redis_generation import KEY as GENERATION

SPACE = "throttle:"
_UNCOUNTED = "requests cannot be counted against their limits"
_GLOB = re.compile(r"([\\*?\[\]])")

# KEYS: the change generation, then one per window. ARGV: the generation the node
# last caught up with ("" when it does not matter), then four per window: kind
# ("s" sliding, "f" fixed), limit, seconds, and the request's time (sliding) or the
# window's period (fixed). Answers {the first full window's index, or -1 when the
# request was counted, or -2 when the generation moved (nothing counted); the
# generation}.
_ACQUIRE = """
local generation = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[1] ~= '' and generation ~= tonumber(ARGV[1]) then return {-2, generation} end
local counts = {}
for i = 2, #KEYS do
  local key, kind, limit = KEYS[i], ARGV[4 * i - 6], tonumber(ARGV[4 * i - 5])
  local seconds, at = tonumber(ARGV[4 * i - 4]), ARGV[4 * i - 3]
  if kind == 's' then
    if redis.call('LLEN', key) >= limit then
      local oldest = tonumber(redis.call('LINDEX', key, -limit))
      if tonumber(at) - oldest < seconds then return {i - 2, generation} end
    end
  else
    local held = redis.call('HMGET', key, 'p', 'n')
    local count = 0
    if held[1] == at then count = tonumber(held[2]) end
    if count >= limit then return {i - 2, generation} end
    counts[i] = count
  end
end
for i = 2, #KEYS do
  local key, limit = KEYS[i], tonumber(ARGV[4 * i - 5])
  local seconds, at = tonumber(ARGV[4 * i - 4]), ARGV[4 * i - 3]
  if ARGV[4 * i - 6] == 's' then
    redis.call('RPUSH', key, at)
    redis.call('LTRIM', key, -limit, -1)
    redis.call('PEXPIRE', key, math.ceil(seconds * 1000) + 1000)
  else
    redis.call('HSET', key, 'p', at, 'n', counts[i] + 1)
    redis.call('EXPIRE', key, 2 * seconds)
  end
end
return {-1, generation}
"""
MOVED = -2  # the script's answer when the generation moved


class RedisThrottleStore:
    """A :class:`~photobank.auth.throttle.ThrottleStore` in Redis under ``<prefix>throttle:``."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._space = f"{prefix}{SPACE}"
        self._generation = f"{prefix}{GENERATION}"
        self._acquire = client.register_script(_ACQUIRE)

    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        if not windows:
            return None
        full, _generation = self.acquire_unless_moved(windows, None)
        return None if full < 0 else full

    def acquire_unless_moved(
        self, windows: Sequence[Window | Sliding], seen: int | None
    ) -> tuple[int, int]:
        """Count like :meth:`acquire` unless the change generation is no longer ``seen``
        (``None``: count whatever it is). Answers the script's (the first full window's
        index, -1 when counted, or :data:`MOVED`) and the generation, in one round trip."""
        args: list[str | int | float] = ["" if seen is None else seen]
        for window in windows:
            if isinstance(window, Sliding):
                args += ["s", window.limit, window.seconds, repr(window.at)]
            else:
                args += ["f", window.limit, window.seconds, window.period]
        keys = [self._generation, *(self._space + w.key for w in windows)]
        with answering(_UNCOUNTED):
            full, generation = self._acquire(keys=keys, args=args)
        return int(full), int(generation)

    def put(self, window: Window, count: int) -> None:
        key = self._space + window.key
        with answering(_UNCOUNTED), self._client.pipeline() as pipe:
            pipe.hset(key, mapping={"p": window.period, "n": count})
            pipe.expire(key, 2 * window.seconds)
            pipe.execute()

    def count(self, window: Window) -> int:
        with answering(_UNCOUNTED):
            period, count = self._client.hmget(self._space + window.key, ["p", "n"])
        return int(count) if period == window.period.encode() and count is not None else 0

    def clear(self) -> None:
        """Forget every counter of this deployment (its prefix's only)."""
        clear_space(self._client, self._space)

    def close(self) -> None:
        """The client belongs to the shared state, which closes it."""


def clear_space(client: redis.Redis, space: str) -> None:
    """Delete every key that starts with ``space``, a batch at a time."""
    pattern = _GLOB.sub(r"\\\1", space) + "*"
    batch: list[bytes] = []
    for key in client.scan_iter(match=pattern, count=500):
        batch.append(key)
        if len(batch) >= 500:
            client.unlink(*batch)
            batch.clear()
    if batch:
        client.unlink(*batch)
