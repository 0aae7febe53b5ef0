"""First run and restart: from a fresh clone to the first answer of ``make serve``.

Clones this repository into a temporary folder, runs ``make serve`` there
(venv, runtime install, demo build, start) and times the moment the first
search answers; then stops it and times a restart to its first answer.
pip's download cache is the machine's own, so the install part is what a
machine that has fetched these wheels before pays (network time excluded).

    python -m bench.first_run [--assets 10000]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from photobank.emulator.process import free_port

_ROOT = Path(__file__).parents[1]
_KEY = "315ca17ee22589e6ce3f9545"  # the demo's Api-Key for seed 42


def _first_answer(command: list[str], cwd: Path, env: dict[str, str], port: int) -> float:
    """Seconds from starting ``command`` to a search's first 200; the process stopped after."""
    started = time.monotonic()
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    ) as process:  # fmt: skip
        url = f"http://127.0.0.1:{port}/v3/search/images?phrase=mountain"
        try:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{command} ended with {process.returncode}")
                try:
                    if httpx.get(url, headers={"Api-Key": _KEY}, timeout=5).status_code == 200:
                        return time.monotonic() - started
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.first_run", description=__doc__)
    p.add_argument("--assets", type=int, default=10_000, help="demo catalog size")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "photobank"
        subprocess.run(["git", "clone", "-q", str(_ROOT), str(clone)], check=True)
        port, https_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PHOTOBANK_", "VIRTUAL"))}
        env.update(
            PHOTOBANK_PORT=str(port),
            PHOTOBANK_HTTPS_PORT=str(https_port),
            PHOTOBANK_DEMO_ASSETS=str(args.assets),
        )
        first = _first_answer(["make", "serve"], clone, env, port)
        print(f"fresh clone to first answer (make serve, {args.assets:,} assets): {first:.1f} s")
        again = _first_answer(
            [str(clone / ".venv/bin/photobank"), "serve", "--demo"], clone, env, port
        )
        print(f"restart to first answer: {again:.1f} s")
        venv = subprocess.run(["du", "-sm", str(clone / ".venv")], capture_output=True, text=True)
        print(f"serving venv: {venv.stdout.split()[0]} MB")


if __name__ == "__main__":
    main()
