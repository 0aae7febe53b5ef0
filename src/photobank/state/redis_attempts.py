"""Failed credential checks counted in Redis, so the failure limit holds for every node.

A subject's failures are a list of times under ``<prefix>attempts:<digest>``
(a SHA-256 of its kind and name: usernames and addresses are not written in
the clear), at most the limit long, expiring a window after the last one.
"""

from __future__ import annotations

import hashlib

import redis

from photobank.accounts.attempts import Subject
from photobank.state.redis_client import answering

SPACE = "attempts:"
_UNCHECKED = "credentials cannot be checked against the failure limit"


class RedisFailureLog:
    """A :class:`~photobank.accounts.attempts.FailureLog` every node shares."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._space = f"{prefix}{SPACE}"

    def _key(self, subject: Subject) -> str:
        digest = hashlib.sha256("\0".join(subject).encode()).hexdigest()[:32]
        return self._space + digest

    def times(self, subject: Subject) -> tuple[float, ...]:
        with answering(_UNCHECKED):
            return tuple(float(t) for t in self._client.lrange(self._key(subject), 0, -1))

    def add(self, subject: Subject, at: float, keep: int, window: float) -> None:
        key = self._key(subject)
        with answering(_UNCHECKED), self._client.pipeline() as pipe:  # MULTI: three as one
            pipe.rpush(key, repr(at))
            pipe.ltrim(key, -keep, -1)
            pipe.pexpire(key, int(window * 1000) + 1000)
            pipe.execute()

    def forget(self, subject: Subject) -> None:
        with answering(_UNCHECKED):
            self._client.delete(self._key(subject))

    def clear(self) -> None:
        """Nothing: a node clears this when it catches up with another's write, and the
        counts are every node's, not a cache of this one (they expire with the window)."""
