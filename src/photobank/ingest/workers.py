"""Worker processes for ingest work that is all CPU (decoding, hashing, painting)."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that leave Ctrl-C to their parent and die with it."""
    return ProcessPoolExecutor(workers, initializer=_pool_worker, initargs=(os.getpid(),))


def _pool_worker(parent: int) -> None:
    """Set up a worker: leave Ctrl-C to the parent, and exit once the parent is gone.

    A worker blocks reading tasks from a pipe it also holds open for writing,
    so a parent killed with SIGKILL would leave its workers waiting forever;
    interrupted, the parent stops them itself, without a traceback from each.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
