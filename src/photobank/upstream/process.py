"""A real ``photobank proxy`` process, for test suites and benches."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import free_port, stop, wait_healthy


@contextmanager
def running_proxy(upstream: str, log_dir: Path, *flags: str) -> Iterator[PhotobankEmulator]:
    """``photobank proxy --upstream UPSTREAM FLAGS`` on a free 127.0.0.1 port, stopped on
    exit; the client given reads its journal (``.journal``) with its admin token."""
    port, token = free_port(), secrets.token_urlsafe(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(PHOTOBANK_ADMIN_TOKEN=token, PHOTOBANK_LOG_LEVEL="warning")
    command = [sys.executable, "-m", "photobank", "proxy", "--upstream", upstream]
    command += ["--host", "127.0.0.1", "--port", str(port), *flags]
    log_path = log_dir / f"proxy-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, log_path, 60)  # /health is forwarded: the upstream's
        yield PhotobankEmulator(base, token)
    finally:
        stop(process)
