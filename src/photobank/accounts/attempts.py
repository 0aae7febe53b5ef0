"""Failed credential checks, counted per principal and per source address.

After :data:`LIMIT` failures within a sliding :data:`WINDOW`, further checks
for that principal (an Api-Key, a username) or from that address are refused
at once, without running argon2, until the oldest of those failures leaves the
window: a password-guessing loop costs the server microseconds per guess, not
a second of CPU. A refused check is not counted as a failure, so a client that
waits out the window gets in. A success clears the principal's count; the
address's stays, so one good sign-in on a shared address does not excuse
another caller's guesses.

Counts live in a byte-bounded LRU in the process (:class:`MemoryFailureLog`),
or, when the deployment shares state in Redis, there: a guesser spreading
tries over every node still gets :data:`LIMIT` in all.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Protocol

from photobank.clock import Clock
from photobank.errors import DomainError
from photobank.lru import LruCache, weigh_key

LIMIT = 10  # failures allowed per principal and per address ...
WINDOW = 60.0  # ... within this many seconds
ADDRESS = "address"
# A count beyond its key's strings and the LRU's ENTRY_OVERHEAD: the key's
# string objects (2 x 49), the tuple of timestamps (56 + 8 a slot) and its floats (24).
_COUNT_BYTES = 98 + 56 + 32 * LIMIT
_WHO = {
    "client": "this API client",
    "customer": "this username",
    "operator": "the operator token",
    ADDRESS: "this address",
}

Subject = tuple[str, str]  # (kind, name): ("client", api_key), ("address", "192.0.2.7")


class TooManyFailedAttempts(DomainError):
    """Too many recent failures for this principal or address; nothing was checked.

    ``credential`` is the kind of credential refused ("client" or "customer"),
    ``retry_after`` the whole seconds until a check is allowed again.
    """

    code = "TooManyFailedAttempts"

    def __init__(self, credential: str, blocked: str, retry_after: int) -> None:
        self.credential = credential
        self.retry_after = retry_after
        super().__init__(
            f"Too many failed attempts {'from' if blocked == ADDRESS else 'for'}"
            f" {_WHO[blocked]}; try again in {retry_after} seconds."
        )


class FailureLog(Protocol):
    """Where failure times are kept: this process (:class:`MemoryFailureLog`), or Redis
    for every node of a deployment (:class:`photobank.state.redis_attempts.RedisFailureLog`)."""

    def times(self, subject: Subject) -> tuple[float, ...]:
        """The subject's latest failure times, oldest first."""
        ...

    def add(self, subject: Subject, at: float, keep: int, window: float) -> None:
        """Note a failure ``at``; keep the latest ``keep`` for ``window`` seconds."""
        ...

    def forget(self, subject: Subject) -> None: ...

    def clear(self) -> None: ...


class MemoryFailureLog:
    """Counts in a byte-bounded LRU: whoever keeps failing is the most recently used
    entry, so a flood of other names cannot push their count out."""

    def __init__(self, budget: int) -> None:
        self._counts: LruCache[Subject, tuple[float, ...]] = LruCache(
            budget, lambda key, _times: weigh_key(key) + _COUNT_BYTES
        )
        self._lock = threading.Lock()  # a count is read, then written

    def times(self, subject: Subject) -> tuple[float, ...]:
        return self._counts.get(subject) or ()

    def add(self, subject: Subject, at: float, keep: int, window: float) -> None:
        with self._lock:
            recent = tuple(t for t in self.times(subject) if 0 <= at - t < window)
            self._counts.put(subject, (*recent, at)[-keep:])

    def forget(self, subject: Subject) -> None:
        self._counts.discard(subject)

    def clear(self) -> None:
        self._counts.clear()

    @property
    def weight(self) -> int:
        return self._counts.weight


class FailedAttempts:
    def __init__(
        self,
        clock: Clock,
        budget: int,
        limit: int = LIMIT,
        window: float = WINDOW,
        log: FailureLog | None = None,
    ) -> None:
        """``log``: where failures are counted (default: this process, in ``budget`` bytes)."""
        self._clock = clock
        self._limit = limit
        self._window = window
        self._log = log if log is not None else MemoryFailureLog(budget)

    def check(self, credential: str, subjects: Sequence[Subject]) -> None:
        """Raise :class:`TooManyFailedAttempts` if any subject is over its limit."""
        now = self._clock.timestamp()
        for subject in subjects:
            times = self._recent(subject, now)
            if len(times) >= self._limit:
                wait = max(1, math.ceil(times[-self._limit] + self._window - now))
                raise TooManyFailedAttempts(credential, subject[0], wait)

    def failed(self, subjects: Sequence[Subject]) -> None:
        now = self._clock.timestamp()
        for subject in subjects:
            self._log.add(subject, now, self._limit, self._window)

    def succeeded(self, subject: Subject) -> None:
        self._log.forget(subject)

    def clear(self) -> None:
        self._log.clear()

    @property
    def weight(self) -> int:
        """Bytes the counts weigh in this process (never more than the budget)."""
        return self._log.weight if isinstance(self._log, MemoryFailureLog) else 0

    def _recent(self, subject: Subject, now: float) -> tuple[float, ...]:
        """The subject's failures within the window (none from a clock moved back past them)."""
        return tuple(t for t in self._log.times(subject) if 0 <= now - t < self._window)
