"""Throttle counters every worker process shares: small memory-mapped files under one ``flock``.

A request's check takes the directory's lock, reads its client's windows,
and writes only when none is full: exact across processes, as the sum of all
workers never passes a limit. A sliding window's file is a ring of the times
of its last ``limit`` requests (a header and ``limit`` doubles); a fixed
window's is its period and count. Each file is mapped into memory, so a
check costs the two ``flock`` calls and a few loads and stores (see
docs/deployment.md for the figures, next to the same check as a SQLite
transaction). Files are few (two per throttled client) and small; the
mappings of the most recent :data:`_OPEN` counters are kept. Many machines
share :class:`~photobank.state.redis_counters.RedisThrottleStore` instead.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import re
import struct
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from photobank.auth.throttle import Sliding, Window

_OPEN = 256  # counter files kept mapped
_LOCK = ".lock"
_RING = struct.Struct("<III")  # capacity, times held, slot of the oldest once full
_TIME = struct.Struct("<d")
_FIXED = struct.Struct("<16sq")  # period, count
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


class _Counter:
    """One counter file, mapped whole. Files grow and never shrink: another process may
    still read its older, longer mapping."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self.map: mmap.mmap | None = None

    def view(self, least: int) -> mmap.mmap:
        """The mapping, at least ``least`` bytes long (new bytes are zeros)."""
        if self.map is None or len(self.map) < least:
            size = os.fstat(self.fd).st_size
            if size < least:
                os.ftruncate(self.fd, least)
                size = least
            if self.map is not None:
                self.map.close()
            self.map = mmap.mmap(self.fd, size)
        return self.map

    def close(self) -> None:
        if self.map is not None:
            self.map.close()
        os.close(self.fd)


class FileThrottleStore:
    """A :class:`~photobank.auth.throttle.ThrottleStore` in a directory of counter files."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._dir = directory
        self._lock_fd = os.open(directory / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        self._counters: OrderedDict[str, _Counter] = OrderedDict()
        self._threads = threading.Lock()  # flock does not exclude threads of one process

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._threads:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def acquire(self, windows: Sequence[Window | Sliding]) -> int | None:
        with self._locked():
            for index, window in enumerate(windows):
                if _full(self._counter(window.key), window):
                    return index
            for window in windows:
                _count(self._counter(window.key), window)
        return None

    def put(self, window: Window, count: int) -> None:
        with self._locked():
            _write_fixed(self._counter(window.key), window.period, count)

    def count(self, window: Window) -> int:
        with self._locked():
            return _fixed(self._counter(window.key), window)

    def clear(self) -> None:
        with self._locked():
            for path in self._dir.iterdir():
                if path.name != _LOCK:  # zeros: an empty ring, a count of none
                    view = self._counter(_key_of(path.name)).view(_FIXED.size)
                    view[: _FIXED.size] = bytes(_FIXED.size)

    def close(self) -> None:
        with self._threads:
            for counter in self._counters.values():
                counter.close()
            self._counters.clear()
            os.close(self._lock_fd)

    def _counter(self, key: str) -> _Counter:
        counter = self._counters.get(key)
        if counter is not None:
            self._counters.move_to_end(key)
            return counter
        counter = self._counters[key] = _Counter(self._dir / _file_of(key))
        if len(self._counters) > _OPEN:
            self._counters.popitem(last=False)[1].close()
        return counter


def _file_of(key: str) -> str:
    """A file name for ``key`` (``12:qps`` -> ``12_3Aqps``), reversible by :func:`_key_of`."""
    return _UNSAFE.sub(lambda m: "".join(f"_{b:02X}" for b in m.group().encode()), key)


def _key_of(name: str) -> str:
    return re.sub(
        r"(?:_[0-9A-F]{2})+", lambda m: bytes.fromhex(m.group().replace("_", "")).decode(), name
    )


def _fixed(counter: _Counter, window: Window) -> int:
    period, count = _FIXED.unpack_from(counter.view(_FIXED.size))
    return int(count) if period.rstrip(b"\0").decode() == window.period else 0


def _write_fixed(counter: _Counter, period: str, count: int) -> None:
    _FIXED.pack_into(counter.view(_FIXED.size), 0, period.encode(), count)


def _header(counter: _Counter) -> tuple[mmap.mmap, int, int, int]:
    """A ring's mapping (covering all its times), capacity, times held and oldest slot."""
    capacity, held, oldest = _RING.unpack_from(counter.view(_RING.size))
    return counter.view(_RING.size + capacity * _TIME.size), capacity, held, oldest


def _time(view: mmap.mmap, slot: int) -> float:
    return float(_TIME.unpack_from(view, _RING.size + slot * _TIME.size)[0])


def _ring(counter: _Counter) -> list[float]:
    """The times a ring holds, oldest first."""
    view, capacity, held, oldest = _header(counter)
    times = [_time(view, slot) for slot in range(held)]
    return times[oldest:] + times[:oldest] if held == capacity else times


def _full(counter: _Counter, window: Window | Sliding) -> bool:
    if isinstance(window, Window):
        return _fixed(counter, window) >= window.limit
    view, capacity, held, oldest = _header(counter)
    if capacity == window.limit:  # the usual case: only the oldest time matters
        return held == capacity and window.at - _time(view, oldest) < window.seconds
    times = _ring(counter)[-window.limit :]
    return len(times) >= window.limit and window.at - times[0] < window.seconds


def _count(counter: _Counter, window: Window | Sliding) -> None:
    if isinstance(window, Window):
        _write_fixed(counter, window.period, _fixed(counter, window) + 1)
        return
    view, capacity, held, oldest = _header(counter)
    if capacity == window.limit:
        slot = held if held < capacity else oldest
        _TIME.pack_into(view, _RING.size + slot * _TIME.size, window.at)
        if held < capacity:
            _RING.pack_into(view, 0, capacity, held + 1, 0)
        else:
            _RING.pack_into(view, 0, capacity, held, (oldest + 1) % capacity)
        return
    # New, or its limit changed: a ring of the new capacity with the latest times.
    times = [*_ring(counter), window.at][-window.limit :]
    view = counter.view(_RING.size + window.limit * _TIME.size)
    for slot, at in enumerate(times):
        _TIME.pack_into(view, _RING.size + slot * _TIME.size, at)
    _RING.pack_into(view, 0, window.limit, len(times), 0)
