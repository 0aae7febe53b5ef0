"""One number every process of a deployment shares: it grows after each committed write
that an in-memory cache could hold (see :mod:`photobank.state.freshness`).

A process compares it with the value it last caught up with before answering
a request: reading it is one load from a shared memory map (about a
microsecond), so the check costs nothing a request would notice. A change
made through this process is already reflected in its own caches, so its own
bumps do not send it to catch up. Many machines share
:class:`~photobank.state.redis_generation.RedisGeneration` instead.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from photobank.auth.throttle import Sliding, Window

_FORMAT = "<Q"
_SIZE = struct.calcsize(_FORMAT)


class Generation(Protocol):
    def stale(self) -> bool:
        """Whether another process changed something since this one last caught up; the
        answer counts as caught up (the caller refreshes what it holds)."""
        ...

    def bump(self) -> None:
        """Say that this process committed a change (after the commit)."""
        ...

    def close(self) -> None: ...


class GenerationMoved(Exception):
    """Another process changed something since this one last caught up: nothing was
    counted, and this process now counts as caught up (the caller refreshes)."""


class Checkpoint(Protocol):
    """A request's catch-up and throttle step together, where reading the generation
    costs as much as counting (a round trip to Redis): one round trip for both."""

    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        """:meth:`~photobank.auth.throttle.ThrottleStore.acquire`, done only if the
        generation is the one this process last caught up with; else raises
        :class:`GenerationMoved`. With no windows, the catch-up alone."""
        ...


class FileGeneration:
    """The generation in an 8-byte file mapped into every process; bumps take a ``flock``."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            if os.fstat(self._fd).st_size < _SIZE:
                os.ftruncate(self._fd, _SIZE)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._map = mmap.mmap(self._fd, _SIZE)
        self._lock = threading.Lock()
        self._seen = self._read()

    def _read(self) -> int:
        return int(struct.unpack_from(_FORMAT, self._map)[0])

    def stale(self) -> bool:
        now = self._read()
        if now == self._seen:
            return False
        with self._lock:
            self._seen = now
        return True

    def bump(self) -> None:
        with self._lock:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                before = self._read()
                struct.pack_into(_FORMAT, self._map, 0, before + 1)
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            if before == self._seen:  # nobody else changed anything meanwhile
                self._seen = before + 1

    def close(self) -> None:
        self._map.close()
        os.close(self._fd)
