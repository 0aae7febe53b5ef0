"""One writer of a data directory's catalog at a time: a server, or one offline command.

A running server holds what it read of the catalog in memory (caches,
replayed answers, its search index writer), so a command that changes the
catalog behind its back would leave it answering from the past, and two
writers at once would hand out the same ids. ``photobank serve`` holds an
exclusive lock on ``<data dir>/photobank.lock`` while it runs; the commands
that change the catalog (``ingest``, ``assets`` changes, ``fixtures load``,
``index rebuild``/``sync``, ``demo``) hold it for their run. Whoever comes
second is refused with one line naming the holder. The kernel drops a lock
when its process ends, ``kill -9`` included: there is no stale lock to clean.

In the distributed deployment (PostgreSQL, Redis, S3) many nodes serve one
store, each over its own data directory: the lock still keeps a second
server off a node's local files (signing key, certificates, an embedded
index), while nodes and commands elsewhere write through PostgreSQL and tell
each other through the shared generation in Redis (``state/``).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "photobank.lock"


class Occupied(Exception):
    """Another process holds the data directory; the message says which and what to do."""


@contextmanager
def occupy(data_dir: Path, holder: str) -> Iterator[None]:
    """Hold ``data_dir`` for ``holder`` (``photobank serve``, ...) until the block ends."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held_by = os.pread(fd, 200, 0).decode(errors="replace").strip()
            raise Occupied(_refusal(data_dir, holder, held_by or "another photobank")) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{holder} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(fd)


def _refusal(data_dir: Path, holder: str, held_by: str) -> str:
    if held_by.startswith("photobank serve") and not holder.startswith("photobank serve"):
        return (
            f"{data_dir} is being served by {held_by}: stop it first, or make the change"
            " through the running server (/operator/v1/, see docs/own-photos.md)."
        )
    if holder.startswith("photobank serve"):
        return (
            f"{data_dir} is in use by {held_by}: a second server on one data directory would"
            " answer from a stale copy; stop that one, or give this one another"
            " PHOTOBANK_DATA_DIR."
        )
    return f"{data_dir} is in use by {held_by}: wait for it to finish."
