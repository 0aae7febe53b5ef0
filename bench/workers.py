"""Search throughput of ``photobank serve --workers 1`` against ``--workers 2``, in one run.

``python -m bench.workers [--assets N] [--data-dir DIR] [--duration S] [--rounds R]``
copies the bench catalog (10,000 assets by default, built on first use) into a
temporary data directory, then serves it with one worker and with two, turn
about for ``--rounds`` rounds, and drives each with wrk (one thread, so it
leaves the cores to the server) on a mix of distinct searches. Searches are
worked out every time (``PHOTOBANK_V3_SEARCH_CACHE_MB=0``): the figure is the
engine and the skins, not replayed answers. Prints req/s, p50/p99, the cores
the server, wrk and other processes used, the server's CPU per request, and
the ratio of the medians (target: 1.8). On a machine other work keeps busy,
the CPU per request says whether a second worker costs anything: equal
figures mean the ratio is bounded by the cores left, not by photobank.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import catalog, server, throughput, workload
from bench.report import say
from photobank.composition import build_services

SEARCH_MIX = 20_000  # distinct-as-can-be searches per round
TARGET = 1.8


def throughput_parser(prog: str, description: str | None) -> argparse.ArgumentParser:
    """The options of a throughput comparison: catalog, wrk runs and rounds."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--assets", type=int, default=10_000, help="bench catalog size")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--rounds", type=int, default=3, help="rounds; medians are compared")
    return p


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = throughput_parser("python -m bench.workers", __doc__)
    p.add_argument("--data-dir", type=Path, help="an already built catalog (copied, not served)")
    return p.parse_args(argv)


def copy_catalog(source: Path, into: Path) -> Path:
    """The catalog's store (through SQLite's backup: a consistent copy), index and key."""
    into.mkdir(parents=True)
    with (
        sqlite3.connect(source / "photobank.db") as src,
        sqlite3.connect(into / "photobank.db") as dst,
    ):
        src.backup(dst)
    shutil.copytree(source / "index", into / "index")
    shutil.copy2(source / "signing.key", into / "signing.key")
    return into


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its living children (the workers)."""
    children = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return sum(throughput.cpu_seconds(p) for p in [pid, *children])


def measure_workers(
    wrk: str, data_dir: Path, key: str, workers: int, paths: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    log = data_dir.parent / f"server-{workers}.log"
    env = {"PHOTOBANK_V3_SEARCH_CACHE_MB": "0", "PHOTOBANK_DEFAULT_QPS_LIMIT": "0"}
    with server.running_server(data_dir, key, log, workers, env) as srv:
        runner = throughput.Wrk(
            wrk, srv.base_url, key, srv.pid, data_dir.parent, args.duration, args.connections, 1
        )
        cpu, started = tree_cpu(srv.pid), time.monotonic()
        result = runner.measure(f"search, {workers} workers", paths, paths[: len(paths) // 10])
        cores = (tree_cpu(srv.pid) - cpu) / (time.monotonic() - started)
    # wrk's own figure counts the parent alone, so its "others" held the workers.
    others = max(0.0, result["other_cpu"] - (cores - result["server_cpu"]))
    return {**result, "workers": workers, "server_cores": cores, "other_cpu": others}


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    wrk = throughput.ensure_wrk()
    source = catalog.chosen_catalog(args.data_dir, args.assets, args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as scratch:
        data_dir = copy_catalog(source, Path(scratch) / "data")
        services = build_services(catalog.settings_for(data_dir))
        vocab = workload.sample_vocabulary(services, args.seed, ids=10, cold=0)
        services.close()
        key = server.api_key(data_dir)
        runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
        for turn in range(args.rounds):
            paths = workload.search_mix(vocab, SEARCH_MIX, args.seed + turn).urls()
            for workers in (1, 2) if turn % 2 == 0 else (2, 1):
                say(f"round {turn + 1}/{args.rounds}: --workers {workers}, {args.duration} s ...")
                throughput.wait_for_quiet(30, say)
                runs[workers].append(measure_workers(wrk, data_dir, key, workers, paths, args))
    print(f"search mix on {source.name}, {args.connections} connections, wrk -t1")
    print(f"{'workers':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'server':>7} {'wrk':>5}"
          f" {'others':>6} {'CPU µs/req':>10}  rounds (req/s)")  # fmt: skip
    medians = {}
    for workers, results in runs.items():
        median = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
        medians[workers] = median["rps"]
        spread = ", ".join(f"{r['rps']:.0f}" for r in results)
        print(
            f"{workers:>7} {median['rps']:8.0f} {median['p50_ms']:7.2f} {median['p99_ms']:7.2f}"
            f" {median['server_cores']:7.2f} {median['wrk_cpu']:5.2f} {median['other_cpu']:6.2f}"
            f" {median['server_cores'] / median['rps'] * 1e6:10.0f}  {spread}"
        )
    ratio = medians[2] / medians[1]
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"--workers 2 / --workers 1: {ratio:.2f}x ({verdict} the {TARGET}x target)")
    print("server, wrk, others: cores used during the run (this machine has "
          f"{os.cpu_count()}); CPU µs/req: the server's CPU per answer")  # fmt: skip


if __name__ == "__main__":
    main()
