"""Several worker processes serving the same listening sockets, kept running by their parent.

The parent binds the sockets and holds the data directory (see
:mod:`photobank.store.occupancy`); each worker is forked from it, builds its
own services and app and accepts from the inherited sockets. A worker that
dies is started again (its slot keeps its number); one that keeps dying
within seconds of its start stops the server with one line instead of
looping. SIGINT or SIGTERM to the parent stops every worker gracefully (each
finishes the requests it holds) and then the parent. Workers ask the kernel
for SIGTERM when their parent dies, so none outlives a killed parent.

The parent blocks SIGINT, SIGTERM and SIGCHLD and takes them with
``sigtimedwait``: a stop request is never lost to a handler that raised
inside a finaliser, and none arrives between a fork and the parent noting
the new worker's pid.
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

_PR_SET_PDEATHSIG = 1
_QUICK_DEATH = 5.0  # seconds: a worker that dies sooner counts towards giving up
_QUICK_DEATHS = 5  # in a row, in one slot
_STOP_PATIENCE = 30.0  # seconds workers get to finish their requests
_TICK = 0.5  # seconds between looks at the workers when no signal comes
_STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})
_WATCHED = _STOPPING | {signal.SIGCHLD}


class WorkersFailed(Exception):
    """A worker kept dying right after its start; the message says what to read."""


def run_workers(
    count: int, work: Callable[[int], None], on_exit: Callable[[int], None] | None = None
) -> None:
    """Run ``work(slot)`` in ``count`` forked processes until SIGINT/SIGTERM.

    ``on_exit(pid)`` is told about each worker that ended (metrics forget it).
    """
    requested: list[int] = []  # a stop taken by a thread that does not block signals

    def note(signum: int, _frame: object) -> None:
        requested.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in _STOPPING}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _WATCHED)
    pool = _Pool(work, on_exit, mask - _STOPPING)
    try:
        for slot in range(count):
            pool.start(slot)
        while not requested:
            taken = signal.sigtimedwait(_WATCHED, _TICK)
            if taken is not None and taken.si_signo in _STOPPING:
                break
            pool.restart_the_dead()
    finally:
        pool.stop()
        while signal.sigtimedwait(_STOPPING, 0) is not None:
            pass  # a second Ctrl-C during the goodbye does not outlive it
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Pool:
    """The forked workers by pid, their slots, and how often each slot died young."""

    def __init__(
        self,
        work: Callable[[int], None],
        on_exit: Callable[[int], None] | None,
        worker_mask: set[int | signal.Signals],
    ) -> None:
        self._work = work
        self._on_exit = on_exit
        self._worker_mask = worker_mask
        self._slots: dict[int, int] = {}  # pid -> slot
        self._started: dict[int, float] = {}  # slot -> when its process was forked
        self._quick: dict[int, int] = {}  # slot -> deaths right after starting, in a row

    def start(self, slot: int) -> None:
        self._slots[_fork(slot, self._work, self._worker_mask)] = slot
        self._started[slot] = time.monotonic()

    def restart_the_dead(self) -> None:
        """Start again every worker that ended; give up on a slot that keeps dying young."""
        for pid, status in self._reap():
            slot = self._slots.pop(pid)
            young = time.monotonic() - self._started[slot] < _QUICK_DEATH
            self._quick[slot] = self._quick.get(slot, 0) + 1 if young else 0
            if self._quick[slot] >= _QUICK_DEATHS:
                raise WorkersFailed(
                    f"worker {slot} exited {_how(status)} {_QUICK_DEATHS} times right after"
                    " starting; see the messages above."
                )
            print(f"photobank: worker {slot} (pid {pid}) exited {_how(status)}; starting it again")
            self.start(slot)

    def stop(self) -> None:
        """SIGTERM every worker, wait for them to finish, SIGKILL the ones that do not."""
        for pid in self._slots:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_PATIENCE
        while self._slots and time.monotonic() < deadline:
            for pid, _status in self._reap():
                del self._slots[pid]
            if self._slots:
                signal.sigtimedwait({signal.SIGCHLD}, 0.05)
        for pid in self._slots:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self._ended(pid)
        self._slots.clear()

    def _reap(self) -> list[tuple[int, int]]:
        """The workers that ended since the last look, each waited for (never another child)."""
        ended = []
        for pid in list(self._slots):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                ended.append((pid, status))
                self._ended(pid)
        return ended

    def _ended(self, pid: int) -> None:
        if self._on_exit is not None:
            self._on_exit(pid)


def _fork(slot: int, work: Callable[[int], None], mask: set[int | signal.Signals]) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        for sig in _STOPPING:
            signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
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


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"on signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"with code {os.waitstatus_to_exitcode(status)}"
