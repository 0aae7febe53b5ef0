"""Emulator figures: reset time over a 10,000-image catalog, and the journal's cost.

``python -m bench.emulator [--assets N] [--rounds N] [--seconds S]`` starts a
real emulator (``photobank serve --demo`` in emulator mode), then

* resets it ``--rounds`` times after a typical test's changes (a fixture
  replacing an asset and adding two, a new client, a token), timing each
  reset as the server reports it and as a client waits for it;
* runs wrk with the journal on and off, alternating (off, on, on, off ...) in
  the same run, on two workloads: what an integration suite asks (searches with
  filters and field sets, image details one by one and in lists, videos,
  events, reference data) and, as the worst case, the cheapest request photobank
  serves (one image's id and title, replayed from encoded bytes); it prints the
  throughput of each and the server's CPU time per request (steadier than
  throughput on a machine shared with other work).

It prints figures and never asserts: the machine may be busy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.throughput import LUA, cpu_seconds, ensure_wrk, other_load
from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions, running_emulator

RESET_TARGET_MS = 200
OVERHEAD_TARGET = 0.10


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", type=int, default=10_000, help="demo catalog size")
    parser.add_argument("--rounds", type=int, default=20, help="resets to time")
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--pairs", type=int, default=3, help="journal off/on wrk pairs")
    return parser.parse_args()


def _dirty(emulator: PhotobankEmulator, existing: str, round_: int) -> None:
    """What a typical test leaves behind."""
    emulator.fixtures.load(
        [
            {"id": existing, "title": f"changed {round_}", "keywords": ["okapi"]},
            {"id": "177996097", "keywords": ["okapi"]},
            {"id": "200261415-001"},
        ]
    )
    emulator.create_client(f"bench {round_}")
    httpx.post(
        f"{emulator.base_url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": emulator.api_key,
            "client_secret": emulator.api_secret,
        },
    ).raise_for_status()


def bench_reset(emulator: PhotobankEmulator, rounds: int) -> dict[str, float]:
    existing = _first_id(emulator)
    server_ms, client_ms, idle_ms = [], [], []
    for round_ in range(rounds):
        idle_ms.append(emulator.reset()["ms"])  # nothing changed since the last reset
        _dirty(emulator, existing, round_)
        started = time.perf_counter()
        result = emulator.reset()
        client_ms.append((time.perf_counter() - started) * 1000)
        server_ms.append(result["ms"])
    return {
        "server_p50_ms": statistics.median(server_ms),
        "server_max_ms": max(server_ms),
        "client_p50_ms": statistics.median(client_ms),
        "client_max_ms": max(client_ms),
        "unchanged_p50_ms": statistics.median(idle_ms),
    }


def _first_id(emulator: PhotobankEmulator) -> str:
    response = httpx.get(
        f"{emulator.base_url}/v3/search/images",
        params={"phrase": "", "fields": "id", "page_size": 1},
        headers={"Api-Key": emulator.api_key},
    )
    response.raise_for_status()
    return str(response.json()["images"][0]["id"])


def _wrk(
    wrk: str, base_url: str, paths: Path, api_key: str, seconds: int, server: int | None
) -> tuple[float, float]:
    """Requests per second over the paths in ``paths`` (one per line), and the
    server's CPU microseconds per request (0 if unknown)."""
    cpu = cpu_seconds(server) if server else 0.0
    out = subprocess.run(
        [wrk, "-t1", "-c16", f"-d{seconds}s", "-s", str(LUA), base_url, "--", str(paths), api_key],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    summary = json.loads(line.removeprefix("BENCH_JSON "))
    if summary["non_2xx"] or summary["errors"]:
        raise RuntimeError(f"failed requests under wrk: {summary}")
    count = max(1, int(summary["requests"]))
    used = cpu_seconds(server) - cpu if server else 0.0
    return count / (summary["duration_us"] / 1e6), used / count * 1e6


def _server_pid(base_url: str) -> int | None:
    """The emulator's process, found by the port in its environment (Linux /proc)."""
    wanted = f"PHOTOBANK_PORT={base_url.rsplit(':', 1)[1]}".encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and wanted in (entry / "environ").read_bytes().split(b"\0"):
                return int(entry.name)
        except OSError:
            continue
    return None


def _workloads(emulator: PhotobankEmulator, work: Path) -> dict[str, Path]:
    """The request paths of each workload, written to files for wrk."""
    found = httpx.get(
        f"{emulator.base_url}/v3/search/images",
        params={"phrase": "", "fields": "id", "page_size": 60},
        headers={"Api-Key": emulator.api_key},
    )
    found.raise_for_status()
    ids = [image["id"] for image in found.json()["images"]]
    phrases = ("mountain", "dog", "city", "beach", "family", "sunset", "food", "snow")
    suite: list[str] = []
    for number, phrase in enumerate(phrases):
        group = ids[number * 6 : number * 6 + 6]
        suite += [
            f"/v3/search/images/creative?phrase={phrase}&page_size=10&fields=id,title,thumb",
            f"/v3/search/images?phrase={phrase}&orientations=horizontal&sort_order=newest",
            f"/v3/search/videos?phrase={phrase}&page_size=5",
            f"/v3/images?ids={','.join(group[:3])}&fields=id,title,display_set",
            *(f"/v3/images/{image}" for image in group),
            f"/v3/images/{group[0]}?fields=detail_set",
            f"/v3/search/events?phrase={phrase}",
            "/v3/collections",
            "/v3/countries",
        ]
    cheapest = [f"/v3/images/{ids[0]}?fields=id,title"]
    files = {}
    for name, paths in (("integration suite", suite), ("cheapest request", cheapest)):
        files[name] = work / f"{name.replace(' ', '-')}.txt"
        files[name].write_text("\n".join(paths) + "\n")
    return files


def bench_journal(
    emulator: PhotobankEmulator, paths: Path, seconds: int, pairs: int
) -> dict[str, Any]:
    """Throughput with the journal off and on, and the server's CPU time per request:
    on a machine shared with other work the CPU figure is the steadier one."""
    wrk = ensure_wrk()
    server = _server_pid(emulator.base_url)
    run = (wrk, emulator.base_url, paths, emulator.api_key)
    _wrk(*run, 2, server)  # warm the caches
    off: list[tuple[float, float]] = []
    on: list[tuple[float, float]] = []
    for pair in range(pairs):
        # ABBA order: a server that drifts during the run favours neither side.
        order = ((False, off), (True, on)) if pair % 2 == 0 else ((True, on), (False, off))
        for enabled, runs in order:
            emulator.journal.enable(enabled)
            emulator.journal.clear()
            runs.append(_wrk(*run, seconds, server))
    emulator.journal.enable(True)
    rps_off, rps_on = [r for r, _ in off], [r for r, _ in on]
    return {
        "off_rps": max(rps_off),
        "on_rps": max(rps_on),
        "overhead": 1 - max(rps_on) / max(rps_off),
        "median_overhead": 1 - statistics.median(rps_on) / statistics.median(rps_off),
        "cpu_us": {"off": min(c for _, c in off), "on": min(c for _, c in on)} if server else None,
        "runs": {"off": rps_off, "on": rps_on},
    }


def _report_journal(name: str, journal: dict[str, Any], args: argparse.Namespace) -> None:
    target = name == "integration suite"
    mark = ("✓" if journal["overhead"] <= OVERHEAD_TARGET else "✗") if target else "(reported)"
    print(f"\njournal, {name} (wrk -t1 -c16, {args.pairs} x {args.seconds} s each):")
    print(f"  journal off: {journal['off_rps']:,.0f} req/s (best run)")
    print(f"  journal on:  {journal['on_rps']:,.0f} req/s (best run)")
    runs = "; ".join(
        f"{name} " + ", ".join(f"{r:,.0f}" for r in rps) for name, rps in journal["runs"].items()
    )
    print(f"  every run (req/s): {runs}")
    print(f"  overhead: {journal['overhead']:.1%} best-to-best,"
          f" {journal['median_overhead']:.1%} median-to-median;"
          f" target <= {OVERHEAD_TARGET:.0%}: {mark}")  # fmt: skip
    if journal["cpu_us"]:
        cpu = journal["cpu_us"]
        share = 1 - cpu["off"] / cpu["on"]  # the throughput lost if the server is the limit
        extra = cpu["on"] - cpu["off"]
        print(f"  server CPU per request (least of each): off {cpu['off']:.1f} µs,"
              f" on {cpu['on']:.1f} µs (+{extra:.1f} µs, {share:.1%})")  # fmt: skip


def main() -> None:
    args = _args()
    load = other_load()
    print(f"other load on the machine before the run: {load:.2f} cores (2 cores here)")
    with tempfile.TemporaryDirectory(prefix="photobank-bench-emulator-") as tmp:
        started = time.perf_counter()
        options = ServerOptions(assets=args.assets, startup_timeout=600)
        with running_emulator(Path(tmp), options) as emulator:
            print(
                f"emulator with {args.assets:,} images up in {time.perf_counter() - started:.1f} s"
            )
            reset = bench_reset(emulator, args.rounds)
            workloads = _workloads(emulator, Path(tmp))
            journals = {
                name: bench_journal(emulator, paths, args.seconds, args.pairs)
                for name, paths in workloads.items()
            }
    mark = "✓" if reset["server_p50_ms"] <= RESET_TARGET_MS else "✗"
    print(f"\nreset after a test's changes ({args.rounds} rounds, {args.assets:,} images):")
    print(
        f"  server-side  p50 {reset['server_p50_ms']:.1f} ms, max {reset['server_max_ms']:.1f} ms"
    )
    print(
        f"  client waits p50 {reset['client_p50_ms']:.1f} ms, max {reset['client_max_ms']:.1f} ms"
    )
    print(f"  with nothing to undo: p50 {reset['unchanged_p50_ms']:.1f} ms")
    print(f"  target p50 <= {RESET_TARGET_MS} ms: {mark}")
    for name, journal in journals.items():
        _report_journal(name, journal, args)


if __name__ == "__main__":
    main()
