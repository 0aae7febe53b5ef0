"""A real ``photobank record`` process in front of an upstream, for the recording tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from photobank.emulator.process import free_port, stop, wait_healthy
from tests.deployment import environment


@dataclass(frozen=True)
class Proxy:
    base: str
    log: Path

    def stderr(self) -> str:
        return self.log.read_text()


@contextmanager
def recording_proxy(
    data_dir: Path, upstream: str, recording: Path, mode: str, *extra: str
) -> Iterator[Proxy]:
    """``photobank record`` on a free port over ``data_dir``; stopped (and its recording
    written) on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(
        **environment(data_dir),
        PHOTOBANK_HASH_COST="fast",
        PHOTOBANK_LOG_LEVEL="warning",
        PHOTOBANK_ALLOW_INSECURE_LOOPBACK="true",
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / f"record-{port}.log"
    command = [sys.executable, "-m", "photobank", "record", "--upstream", upstream]
    command += ["--mode", mode, "--recording", str(recording), "--host", "127.0.0.1"]
    command += ["--port", str(port), *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, log, 60, path="/__photobank/health")
        yield Proxy(base, log)
    finally:
        stop(process)


def dead_upstream() -> str:
    """A URL where nothing listens: the upstream, stopped."""
    return f"http://127.0.0.1:{free_port()}"
