"""Real PostgreSQL, Redis and S3 servers for the distributed deployment's tests.

Each test process starts its own on free loopback ports, from the Debian packages
`.ci/run` installs (postgresql-15 with postgresql-15-rum, redis-server) and moto's
standalone S3 server from the test extras, and stops them when it ends. On a
developer box without them the distributed run skips with one line; with
``CI=true`` a missing server is an error, never a skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

POSTGRES_USER = "photobank"


@dataclass(frozen=True, slots=True)
class Servers:
    """Where this test process's servers listen."""

    postgres_url: str  # SQLAlchemy URL of the maintenance database, as a superuser
    redis_url: str
    s3_endpoint: str


class Missing(Exception):
    """A server the distributed run needs is not installed here."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise Missing("PostgreSQL is not installed (Debian: postgresql-15 postgresql-15-rum)")
    return Path(found[-1]).parent


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` account then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _start_postgres(where: Path) -> tuple[str, Path]:
    bin_dir, data, port = _postgres_bin(), where / "pg", free_port()
    data.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(where, "postgres")
        shutil.chown(data, "postgres")
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", POSTGRES_USER, "-A", "trust"]
    initdb += ["--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    options = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options]
    pg_ctl += ["-w", "-l", str(data / "log"), "start"]
    subprocess.run(_as_postgres(pg_ctl), check=True, capture_output=True)
    return f"postgresql+psycopg://{POSTGRES_USER}@127.0.0.1:{port}/postgres", data


def _stop_postgres(data: Path) -> None:
    pg_ctl = str(_postgres_bin() / "pg_ctl")
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
    )


def _wait_for(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start (status {process.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{name} did not listen on port {port} within 30 s")


def start_redis() -> tuple[str, subprocess.Popen[bytes]]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise Missing("Redis is not installed (Debian: redis-server)")
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    process = subprocess.Popen([*argv, "--appendonly", "no"], stdout=subprocess.DEVNULL)
    _wait_for(port, process, "redis-server")
    return f"redis://127.0.0.1:{port}/0", process


def start_s3() -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(port, process, "moto's S3 server")
    return f"http://127.0.0.1:{port}", process


@contextlib.contextmanager
def running_servers(where: Path) -> Iterator[Servers]:
    """PostgreSQL, Redis and an S3 server, up for the duration of the block."""
    postgres_url, pg_data = _start_postgres(where)
    children: list[subprocess.Popen[bytes]] = []
    try:
        redis_url, redis = start_redis()
        children.append(redis)
        s3_endpoint, s3 = start_s3()
        children.append(s3)
        yield Servers(postgres_url, redis_url, s3_endpoint)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(10)
        _stop_postgres(pg_data)
