"""Every media object of a local data directory copied into another store (``photobank copy``).

Originals, cached renditions, generated pictures and stamped files are all
objects of the data directory's :class:`~photobank.media.storage.LocalStorage`;
they go to the target under the same keys, streamed (never a whole video in
memory), several at a time (an S3 store answers each PUT after a round trip).
What a crash left half-written (``.name.*.tmp``) is not a key and stays behind.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from photobank.media.storage import LocalStorage, MediaStorage, check_key

CHUNK = 1024 * 1024  # bytes read from a file at a time
PARALLEL = 8  # objects in flight at once
REPORT_EVERY = 1000  # objects between two progress reports


@dataclass(frozen=True, slots=True)
class ObjectCount:
    """Objects copied or checked so far, their bytes, and the time it took."""

    objects: int
    bytes: int
    seconds: float


def local_keys(storage: LocalStorage) -> Iterator[str]:
    """The key of every finished object under ``storage``'s root, in a stable order."""
    root = storage.root
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            key = Path(folder, name).relative_to(root).as_posix()
            try:
                yield check_key(key)
            except ValueError:
                continue  # not a name photobank gives an object


def copy_objects(
    source: LocalStorage, target: MediaStorage, progress: Callable[[ObjectCount], None]
) -> ObjectCount:
    """Copy every object of ``source`` into ``target`` under its key."""

    def one(key: str) -> int:
        with source.open(key) as stream:
            return target.put_stream(key, iter(lambda: stream.read(CHUNK), b"")).size

    return _each(source, one, progress)


def verify_objects(source: LocalStorage, target: MediaStorage) -> list[str]:
    """The keys ``target`` lacks, or holds with another length than ``source``."""
    problems: list[str] = []

    def one(key: str) -> int:
        mine, theirs = source.stat(key), target.stat(key)
        size = mine.size if mine is not None else 0
        if theirs is None:
            problems.append(f"{key}: missing from the copy")
        elif theirs.size != size:
            problems.append(f"{key}: {size:,} bytes here, {theirs.size:,} in the copy")
        return size

    _each(source, one, lambda _count: None)
    return sorted(problems)


def _each(
    source: LocalStorage, work: Callable[[str], int], progress: Callable[[ObjectCount], None]
) -> ObjectCount:
    """``work`` on every key, ``PARALLEL`` at a time; reports every ``REPORT_EVERY`` and once
    at the end."""
    started, objects, size = time.monotonic(), 0, 0
    in_flight: deque[Future[int]] = deque()  # bounded: a million keys are not all queued
    with ThreadPoolExecutor(PARALLEL) as pool:
        keys = local_keys(source)
        while True:
            for key in itertools.islice(keys, PARALLEL * 4 - len(in_flight)):
                in_flight.append(pool.submit(work, key))
            if not in_flight:
                break
            objects, size = objects + 1, size + in_flight.popleft().result()
            if objects % REPORT_EVERY == 0:
                progress(ObjectCount(objects, size, time.monotonic() - started))
    final = ObjectCount(objects, size, time.monotonic() - started)
    progress(final)
    return final
