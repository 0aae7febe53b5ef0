"""What the server process holds in memory, as the operating system counts it."""

from __future__ import annotations

import ctypes
import os
import resource
from pathlib import Path


def process_memory() -> dict[str, float | int]:
    """This process's id, resident memory now and at its peak, MiB.

    Linux reports both in ``/proc/self/status``; elsewhere only the peak is
    known (``getrusage``), and it stands for both.
    """
    found: dict[str, float] = {}
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024  # kB
    peak = found.get("VmHWM", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {
        "pid": os.getpid(),
        "rss_mib": round(found.get("VmRSS", peak), 1),
        "peak_rss_mib": round(peak, 1),
    }


# glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


def tune_allocator(threads_arenas: int = 2) -> bool:
    """Make freed large buffers go back to the system, as a long-running server needs.

    glibc raises its mmap threshold each time a large block is freed, so after
    the first renditions every decoded image comes from the heap and stays
    there when freed; with one arena per worker thread besides, a server that
    made a hundred renditions kept 600 MiB it no longer used (measured; 175 MiB
    with this). A fixed threshold and two arenas keep RSS near what is live.
    Returns whether the allocator is glibc's (elsewhere nothing is changed).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    libc.mallopt(_M_MMAP_THRESHOLD, 128 * 1024)
    libc.mallopt(_M_ARENA_MAX, threads_arenas)
    return True
