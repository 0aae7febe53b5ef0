"""The worker supervisor: a worker that keeps dying at start stops it with a reason,
and SIGTERM to the parent stops every worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from photobank.tls import workers
from photobank.tls.workers import WorkersFailed, run_workers


def _exits_at_once(_slot: int) -> None:
    raise SystemExit(3)


def test_a_worker_dying_at_every_start_stops_the_server_with_one_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended: list[int] = []
    monkeypatch.setattr(workers, "_QUICK_DEATHS", 3)
    with pytest.raises(WorkersFailed) as failed:
        run_workers(1, _exits_at_once, ended.append)
    assert str(failed.value) == (
        "worker 0 exited with code 3 3 times right after starting; see the messages above."
    )
    assert len(ended) == 3 and len(set(ended)) == 3


@pytest.mark.parametrize("workers_up", [1, 2])
def test_sigterm_to_the_parent_stops_every_worker(tmp_path: Path, workers_up: int) -> None:
    """SIGTERM as soon as ``workers_up`` workers run: with one, the parent may be forking the
    second; the parent still stops, and every worker it started is gone before it returns."""
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from photobank.tls.workers import run_workers

        def work(slot):
            Path({str(tmp_path)!r}, f"worker-{{os.getpid()}}").write_text("")
            time.sleep(600)

        run_workers(2, work)
        print("stopped")
        """
    )
    for _ in range(3):
        for path in tmp_path.glob("worker-*"):
            path.unlink()
        parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while len(list(tmp_path.glob("worker-*"))) < workers_up and time.monotonic() < deadline:
            time.sleep(0.002)
        parent.send_signal(signal.SIGTERM)
        out, _ = parent.communicate(timeout=40)
        assert parent.returncode == 0 and out.strip() == "stopped"
        pids = [int(path.name.removeprefix("worker-")) for path in tmp_path.glob("worker-*")]
        assert len(pids) >= workers_up
        for pid in pids:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
