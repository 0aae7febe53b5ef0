"""Throughput of the running server under wrk, one route at a time."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LUA = Path(__file__).resolve().parent / "wrk_paths.lua"
WARMUP_S = 2
_OWN_SLACK = 0.02  # this process waiting on wrk, and the kernel's own chores


def ensure_wrk() -> str:
    """The wrk binary; installs Debian's package when missing (needs root and apt)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing Debian's package (apt-get install -y wrk) ...",
          file=sys.stderr, flush=True)  # fmt: skip
    try:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(
            f"could not install wrk ({exc}); install it yourself "
            "(e.g. `sudo apt-get update && sudo apt-get install wrk`) and re-run"
        ) from exc
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk still not on PATH after apt-get install wrk")
    return found


def busy_seconds() -> float:
    """CPU time spent busy by the whole machine (all cores) since boot, seconds."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time of this process's finished children (wrk runs), seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def other_load(seconds: float = 2.0) -> float:
    """Cores' worth of CPU the machine spends outside this process, sampled now."""
    own, busy = time.process_time(), busy_seconds()
    time.sleep(seconds)
    return max(0.0, busy_seconds() - busy - (time.process_time() - own)) / seconds


def wait_for_quiet(seconds: float, say: Callable[[str], None], threshold: float = 0.1) -> float:
    """Wait up to ``seconds`` for other processes to leave the CPUs alone; returns
    the load last seen (cores), warning when it stayed above ``threshold``."""
    deadline = time.monotonic() + seconds
    load = other_load()
    if load > threshold:
        say(f"other processes keep {load:.1f} cores busy: waiting up to {seconds:.0f} s ...")
    while load > threshold and time.monotonic() < deadline:
        load = other_load()
    if load > threshold:
        say(f"warning: measuring on a busy machine ({load:.1f} other cores); figures will suffer")
    return load


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Wrk:
    """How every wrk run of one bench is made, against one server process."""

    binary: str
    base_url: str
    api_key: str
    server_pid: int
    work_dir: Path
    seconds: int
    connections: int
    threads: int

    def measure(
        self, route: str, paths: list[str], warmup: list[str] | None = None
    ) -> dict[str, Any]:
        """A short warm-up run (on ``warmup`` if given, so the measured paths stay
        unseen), then the measured one; ``route`` names the figure."""
        name = "".join(c if c.isalnum() else "_" for c in route).strip("_")
        paths_file = self._paths_file(name, paths)
        self._run(self._paths_file(f"{name}-warmup", warmup) if warmup else paths_file, WARMUP_S)
        cpu, busy, wrk = cpu_seconds(self.server_pid), busy_seconds(), children_cpu_seconds()
        data = self._run(paths_file, self.seconds)
        seconds = data["duration_us"] / 1e6
        server = cpu_seconds(self.server_pid) - cpu
        wrk = children_cpu_seconds() - wrk
        others = max(0.0, busy_seconds() - busy - server - wrk - _OWN_SLACK * seconds)
        return {
            "route": route,
            "paths": len(paths),
            "requests": data["requests"],
            "rps": data["requests"] / seconds,
            "errors": data["errors"],
            "non_2xx": data["non_2xx"],
            "p50_ms": data["p50_us"] / 1000,
            "p99_ms": data["p99_us"] / 1000,
            "server_cpu": server / seconds,
            "wrk_cpu": wrk / seconds,
            "other_cpu": others / seconds,  # anything else on the machine meanwhile
        }

    def _paths_file(self, name: str, paths: list[str]) -> Path:
        path = self.work_dir / f"wrk-{name}.txt"
        path.write_text("\n".join(paths) + "\n")
        return path

    def _run(self, paths_file: Path, seconds: int) -> dict[str, Any]:
        cmd = [
            self.binary, f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s",
            "--timeout", "10s", "-s", str(LUA), self.base_url, "--", str(paths_file), self.api_key,
        ]  # fmt: skip
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + 60)
        line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
        if line is None:
            raise RuntimeError(f"no summary from wrk:\n{out.stdout}\n{out.stderr}")
        result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
        return result
