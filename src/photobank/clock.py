"""One injectable source of time for the whole server.

Token expiry, daily throttling windows, signed URL expiry and product
expirations all read the time from a :class:`Clock`, so that tests and the
emulator can freeze and move it instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    def timestamp(self) -> float:
        """The current time in POSIX seconds: cheaper than :meth:`now` for hot paths."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    timestamp = staticmethod(time.time)


class ManualClock:
    """A clock that only moves when told to; safe to share across threads."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def timestamp(self) -> float:
        return self.now().timestamp()

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware datetime")
        with self._lock:
            self._now = when

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


class ControlledClock:
    """Real time shifted by an offset, or frozen: the emulator's controllable clock.

    Unlike :class:`ManualClock` it runs by itself until frozen, so a server
    under test behaves normally until a test decides to move time.
    """

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._base_timestamp = self._base.timestamp
        self._frozen: datetime | None = None
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        frozen = self._frozen
        return frozen if frozen is not None else self._base.now() + self._offset

    def timestamp(self) -> float:
        frozen = self._frozen
        if frozen is not None:
            return frozen.timestamp()
        return self._base_timestamp() + self._offset.total_seconds()

    @property
    def frozen(self) -> bool:
        return self._frozen is not None

    @property
    def offset(self) -> timedelta:
        """How far the clock is from real time."""
        return self.now() - self._base.now()

    def freeze(self, at: datetime | None = None) -> None:
        with self._lock:
            self._frozen = _aware(at) if at is not None else self.now()

    def resume(self) -> None:
        """Run again from the current (possibly moved) time."""
        with self._lock:
            if self._frozen is not None:
                self._offset = self._frozen - self._base.now()
                self._frozen = None

    def set(self, when: datetime) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen = _aware(when)
            else:
                self._offset = _aware(when) - self._base.now()

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen += delta
            else:
                self._offset += delta

    def reset(self) -> None:
        """Back to real time, running."""
        with self._lock:
            self._frozen = None
            self._offset = timedelta(0)

    def state(self) -> tuple[datetime | None, timedelta]:
        """The time it is frozen at (``None``: running), and its offset from real time
        while running: what another process needs to show the same time."""
        with self._lock:
            return self._frozen, self._offset

    def restore(self, frozen: datetime | None, offset: timedelta) -> None:
        """Take a :meth:`state` (another process's), both parts at once."""
        with self._lock:
            self._frozen = None if frozen is None else _aware(frozen)
            self._offset = offset


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("the clock needs a timezone-aware datetime")
    return when.astimezone(UTC)


def as_utc(when: datetime) -> datetime:
    """``when`` in UTC; a naive value (as SQLite returns them) is taken to be UTC."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
