"""First run and restart: from a fresh clone to the first answer of ``make serve``.

Clones this repository's committed HEAD into a temporary folder and runs
``make serve`` there (a new venv, the runtime install, the demo build, the
start), timing each stage and the moment the first search answers, with the
CPU seconds the whole process tree spent; then stops it and times restarts to
their first answer, and the import of the ``photobank`` command. pip's download
and wheel caches are the machine's own, so the install is what a machine that
has fetched these wheels before pays (network time excluded, index look-ups
included). Linux only (CPU time is read from /proc). The load average is
printed before and after: on a shared machine the figures are upper bounds.

    python -m bench.first_run [--assets 10000] [--restarts 3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from photobank.emulator.process import free_port

_ROOT = Path(__file__).parents[1]
_KEY = "315ca17ee22589e6ce3f9545"  # the demo's Api-Key for seed 42
_BUILT = re.compile(r"Building demo catalog \([\d,]+ assets\): 100% after (\d+) s")


class _Run:
    """A command started in its own session, the moments its stages were reached."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
        self.started = time.monotonic()
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.installed: tuple[float, float] | None = None  # wall and CPU seconds

    def first_answer(self, port: int, stamp: Path | None = None) -> float:
        """Seconds from the start to a search's first 200 (noting when ``stamp`` appeared)."""
        url = f"http://127.0.0.1:{port}/v3/search/images?phrase=mountain"
        while True:
            if self.process.poll() is not None:
                ended = f"{self.process.args!r} ended with {self.process.returncode}"
                raise RuntimeError(f"{ended}:\n{self.log.read_text()[-3000:]}")
            if stamp is not None and self.installed is None and stamp.exists():
                self.installed = (time.monotonic() - self.started, self.cpu_seconds())
            try:
                if httpx.get(url, headers={"Api-Key": _KEY}, timeout=5).status_code == 200:
                    return time.monotonic() - self.started
            except httpx.TransportError:
                pass
            time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """CPU time of every process of the session, and of the children they reaped."""
        tick, total = os.sysconf("SC_CLK_TCK"), 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue  # ended meanwhile
            if int(fields[3]) == self.process.pid:  # the session's id
                total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        return total / tick

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # ended on its own
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _import_ms(python: Path, cwd: Path) -> float:
    """Milliseconds to import the ``photobank`` command's module (bytecode already cached)."""
    for _ in range(2):  # the first run may compile
        done = subprocess.run(
            [str(python), "-X", "importtime", "-c", "import photobank.cli"],
            cwd=cwd, capture_output=True, text=True, check=True,
        )  # fmt: skip
    return int(done.stderr.strip().splitlines()[-1].split("|")[1]) / 1000


def _help_seconds(command: Path, cwd: Path) -> float:
    started = time.monotonic()
    subprocess.run([str(command), "--help"], cwd=cwd, capture_output=True, check=True)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.first_run", description=__doc__)
    p.add_argument("--assets", type=int, default=10_000, help="demo catalog size")
    p.add_argument("--restarts", type=int, default=3, help="restarts timed")
    args = p.parse_args(argv)
    print(f"{os.cpu_count()} cores, load average {_load()} (1, 5, 15 min) before")
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "photobank"
        subprocess.run(["git", "clone", "-q", str(_ROOT), str(clone)], check=True)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PHOTOBANK_", "VIRTUAL"))}
        env.update(
            PHOTOBANK_PORT=str(port),
            PHOTOBANK_HTTPS_PORT=str(free_port()),
            PHOTOBANK_DEMO_ASSETS=str(args.assets),
        )
        run = _Run(["make", "serve"], clone, env, Path(folder) / "make-serve.log")
        try:
            first = run.first_answer(port, clone / ".venv/.installed-runtime")
            cpu = run.cpu_seconds()
        finally:
            run.stop()
        built = _BUILT.search(run.log.read_text())
        installed, installed_cpu = run.installed or (0.0, 0.0)
        print(f"fresh clone to first answer (make serve, {args.assets:,} assets):", end=" ")
        print(f"{first:.1f} s, {cpu:.0f} s of CPU")
        print(f"  venv and runtime install (pip, its own cache): {installed:.1f} s,", end=" ")
        print(f"{installed_cpu:.0f} s of CPU")
        build = float(built[1]) if built is not None else 0.0
        print(f"  demo build: {build:.0f} s (its own progress line, whole seconds)")
        print(f"  the rest (start, accounts, first request): {first - installed - build:.1f} s")
        serve = [str(clone / ".venv/bin/photobank"), "serve", "--demo"]
        times, cpus = [], []
        for number in range(args.restarts):
            again = _Run(serve, clone, env, Path(folder) / f"restart-{number}.log")
            try:
                times.append(again.first_answer(port))
                cpus.append(again.cpu_seconds())
            finally:
                again.stop()
        shown = ", ".join(f"{t:.1f}" for t in times)
        print(
            f"restart to first answer: median {statistics.median(times):.1f} s ({shown}),", end=" "
        )
        print(f"{statistics.median(cpus):.1f} s of CPU")
        python = clone / ".venv/bin/python"
        print(f"import of the photobank command: {_import_ms(python, clone):.0f} ms;", end=" ")
        print(f"photobank --help: {_help_seconds(clone / '.venv/bin/photobank', clone):.2f} s")
        venv = subprocess.run(["du", "-sm", str(clone / ".venv")], capture_output=True, text=True)
        print(f"serving venv: {venv.stdout.split()[0]} MB")
    print(f"load average {_load()} after")


if __name__ == "__main__":
    main()
