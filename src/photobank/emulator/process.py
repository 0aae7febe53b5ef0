"""A real ``photobank serve --demo`` process in emulator mode, for test suites and benches."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from photobank.emulator.client import PhotobankEmulator


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """How the emulator is started: catalog size and seed, extra ``PHOTOBANK_*`` settings.

    ``workers`` above 1 needs ``mode="library"``: the emulator serves from one process.
    """

    assets: int = 300
    seed: int = 42
    workers: int = 1
    mode: str = "emulator"
    env: Mapping[str, str] = field(default_factory=dict)
    startup_timeout: float = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_emulator(
    data_dir: Path, options: ServerOptions | None = None
) -> Iterator[PhotobankEmulator]:
    """Start the server on a free 127.0.0.1 port over ``data_dir``; stop it on exit.

    The caller's own ``PHOTOBANK_*`` variables are not passed on: the emulator
    must not pick up a developer's database or port by accident.
    """
    from photobank.demo.credentials import demo_credentials

    options = options or ServerOptions()
    port, token = free_port(), secrets.token_urlsafe(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(
        PHOTOBANK_DATA_DIR=str(data_dir),
        PHOTOBANK_HOST="127.0.0.1",
        PHOTOBANK_PORT=str(port),
        PHOTOBANK_MODE=options.mode,
        PHOTOBANK_WORKERS=str(options.workers),
        PHOTOBANK_ADMIN_TOKEN=token,
        PHOTOBANK_DEMO_ASSETS=str(options.assets),
        PHOTOBANK_DEMO_SEED=str(options.seed),
        PHOTOBANK_HASH_COST="fast",
        PHOTOBANK_LOG_LEVEL="warning",
        # Its clients talk plain HTTP on 127.0.0.1; HTTPS gets a free port of its own.
        PHOTOBANK_ALLOW_INSECURE_LOOPBACK="true",
        PHOTOBANK_HTTPS_PORT=str(free_port()),
    )
    env.update(options.env)
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "photobank", "serve", "--demo"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, log_path, options.startup_timeout)
        creds = demo_credentials(options.seed)
        yield PhotobankEmulator(
            base,
            token,
            api_key=creds.api_key,
            api_secret=creds.api_secret,
            username=creds.username,
            password=creds.password,
        )
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process``, and kill it if it is still there after 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_healthy(
    process: subprocess.Popen[bytes], base: str, log: Path, timeout: float, path: str = "/health"
) -> None:
    """Until ``base`` + ``path`` answers 200; the process's exit, or ``timeout``, is an error
    (its log in the message)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{process.args!r} exited ({process.returncode}):\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{base}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{base}{path} did not answer within {timeout:.0f} s; see {log}")
