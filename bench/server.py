"""A real ``photobank serve`` process over the bench catalog, and an API client for it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from photobank.emulator.process import free_port, wait_healthy

_CLIENT_FILE = "bench-client.json"


@dataclass(frozen=True, slots=True)
class Server:
    pid: int
    base_url: str
    api_key: str


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "PHOTOBANK_DATA_DIR": str(data_dir), "PHOTOBANK_LOG_LEVEL": "warning"}


def api_key(data_dir: Path) -> str:
    """An unthrottled API client of this catalog, created once through the CLI."""
    saved = data_dir / _CLIENT_FILE
    if saved.exists():
        return str(json.loads(saved.read_text())["api_key"])
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "photobank",
            "clients",
            "create",
            "bench",
            "--qps",
            "0",
            "--daily",
            "0",
            "--json",
        ],
        env=_env(data_dir),
        check=True,
        capture_output=True,
        text=True,
    )
    created = json.loads(out.stdout)
    saved.write_text(json.dumps({"api_key": created["api_key"]}))
    return str(created["api_key"])


@contextmanager
def running_server(
    data_dir: Path, key: str, log: Path, workers: int = 1, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """``python -m photobank serve`` on a free 127.0.0.1 port, stopped on exit.

    One worker unless asked (so ``pid`` is the process that answers); ``env``:
    extra ``PHOTOBANK_*`` settings.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "photobank", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, env={**_env(data_dir), **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(proc, base, log, 120)
        yield Server(proc.pid, base, key)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def memory_mib(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM (peak RSS) and the RSS split of a process, MiB."""
    wanted = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    found: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in wanted:
            found[name] = int(value.split()[0]) / 1024  # kB
    return found
