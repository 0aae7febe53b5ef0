"""Several worker processes serving the same listening sockets, kept running by their parent.

The parent binds the sockets and holds the data directory (see
:mod:`photobank.store.occupancy`); each worker is forked from it, builds its
own services and app and accepts from the inherited sockets. A worker that
dies is started again (its slot keeps its number); one that keeps dying
within seconds of its start stops the server with one line instead of
looping. SIGINT or SIGTERM to the parent stops every worker gracefully (each
finishes the requests it holds) and then the parent. Workers ask the kernel
for SIGTERM when their parent dies, so none outlives a killed parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from types import FrameType

_PR_SET_PDEATHSIG = 1
_QUICK_DEATH = 5.0  # seconds: a worker that dies sooner counts towards giving up
_QUICK_DEATHS = 5  # in a row, in one slot
_STOP_PATIENCE = 30.0  # seconds workers get to finish their requests


class _Stop(Exception):
    """The parent was asked to stop."""


class WorkersFailed(Exception):
    """A worker kept dying right after its start; the message says what to read."""


def run_workers(
    count: int, work: Callable[[int], None], on_exit: Callable[[int], None] | None = None
) -> None:
    """Run ``work(slot)`` in ``count`` forked processes until SIGINT/SIGTERM.

    ``on_exit(pid)`` is told about each worker that ended (metrics forget it).
    """
    children: dict[int, int] = {}  # pid -> slot
    started: dict[int, float] = {}  # slot -> when its process was forked
    quick: dict[int, int] = dict.fromkeys(range(count), 0)
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for slot in range(count):
            children[_fork(slot, work)] = slot
            started[slot] = time.monotonic()
        while True:
            pid, status = os.waitpid(-1, 0)
            slot = children.pop(pid, -1)
            if slot < 0:
                continue
            if on_exit is not None:
                on_exit(pid)
            quick[slot] = quick[slot] + 1 if time.monotonic() - started[slot] < _QUICK_DEATH else 0
            if quick[slot] >= _QUICK_DEATHS:
                raise WorkersFailed(
                    f"worker {slot} exited {_how(status)} {_QUICK_DEATHS} times right after"
                    " starting; see the messages above."
                )
            print(f"photobank: worker {slot} (pid {pid}) exited {_how(status)}; starting it again")
            children[_fork(slot, work)] = slot
            started[slot] = time.monotonic()
    except _Stop:
        pass
    finally:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C does not cut the goodbye short
        _stop(children, on_exit)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_stop(_signum: int, _frame: FrameType | None) -> None:
    raise _Stop


def _fork(slot: int, work: Callable[[int], None]) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        _die_with_parent()
        work(slot)
    except BaseException as exc:  # the worker's last word, then its own exit code
        if not isinstance(exc, KeyboardInterrupt | SystemExit):
            traceback.print_exc()
            code = 1
        elif isinstance(exc, SystemExit) and isinstance(exc.code, int):
            code = exc.code
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never run the parent's clean-up (its lock, its atexit hooks)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: a killed parent leaves workers behind
        pass


def _stop(children: dict[int, int], on_exit: Callable[[int], None] | None) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_PATIENCE
    while children and time.monotonic() < deadline:
        pid, _status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            time.sleep(0.05)
            continue
        children.pop(pid, None)
        if on_exit is not None:
            on_exit(pid)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"on signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"with code {os.waitstatus_to_exitcode(status)}"
