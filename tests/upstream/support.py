"""A real ``photobank record`` process in front of an upstream, for the recording tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from photobank.emulator.process import free_port


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
        PHOTOBANK_DATA_DIR=str(data_dir),
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
    try:
        _wait_listening(process, port, log)
        yield Proxy(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            status = process.returncode
            raise RuntimeError(f"photobank record exited ({status}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__photobank/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"photobank record did not listen within 60 s; see {log}")


def dead_upstream() -> str:
    """A URL where nothing listens: the upstream, stopped."""
    return f"http://127.0.0.1:{free_port()}"
