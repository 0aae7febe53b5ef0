"""Search at the speed of its engine: the v3 search route next to the engine alone,
by-id lookups next to ``/health``, and photobank next to Prism 5, in one run.

``python -m bench.search_speed [--sizes 10000,200000] [--with-1m] [--no-prism]
[--write-docs]`` prints, for each catalog size (built in bench/out on first use):

* in process: CPU µs per search of the tantivy engine alone and of the whole
  route (every answer searched and built, none replayed: first for searches not
  made before, then again with their items kept), and their ratio;
* over HTTP (one server process, its search answers not kept, so every request
  searches; warmed up on the mix itself): req/s, p50 and p99 of a query mix at 1
  and 64 connections, and req/s ÷ the engine's queries/s on one thread (wall clock);
* ``/health``, cached and never-requested ``/v3/images/{id}`` under wrk, and the
  lookups' req/s ÷ ``/health``'s;
* (first size only) Prism 5 mocking the same contract, A/B alternated with a
  photobank server as deployed: a phrase search (``fields=`` repeated, the only
  list form Prism takes), a search with two filters, an image by id.

Prism is installed by this benchmark only, into bench/out/prism (npm). Figures
are printed, never asserted; the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench import catalog, report, server, throughput, workload
from bench.inprocess import Bench, _api_key
from bench.report import say
from photobank.composition import build_services
from photobank.emulator.process import free_port

OUT = catalog.OUT
PRISM_DIR = OUT / "prism"
PRISM_VERSION = "5"
CONTRACT = Path(__file__).resolve().parents[1] / "src/photobank/api/v3/getty-v3-openapi.json"
DOCS = Path(__file__).resolve().parents[1] / "docs/performance.md"
MIX = 1_000  # searches of the HTTP mix, warmed up on itself: the items of its hits are kept
# Prism's cases: one path each, so both sides answer the same request again and again.
PHRASE = "/v3/search/images?phrase=mountain&fields=id&fields=title&fields=thumb"
FILTERED = "/v3/search/images?phrase=mountain&orientations=Horizontal&graphical_styles=photography"


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.search_speed", description=__doc__)
    p.add_argument("--sizes", default="10000,200000", help="catalog sizes, comma-separated")
    p.add_argument("--with-1m", action="store_true", help="also the 1,000,000-asset catalog")
    p.add_argument("--seconds", type=int, default=5, help="seconds of each wrk run")
    p.add_argument("--searches", type=int, default=400, help="searches per in-process round")
    p.add_argument("--rounds", type=int, default=3, help="in-process rounds (median kept)")
    p.add_argument("--no-prism", action="store_true", help="skip the Prism comparison")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--write-docs", action="store_true", help="write the figures into docs")
    return p.parse_args(argv)


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def in_process(data_dir: Path, seed: int, searches: int, rounds: int) -> dict[str, float]:
    """CPU µs per search of the engine and of the route (no answer replayed), and the
    engine's queries/s on one thread (wall clock); medians of ``rounds``."""
    services = build_services(catalog.settings_for(data_dir))
    try:
        bench = Bench(services, _api_key(services, data_dir), seed)
        vocab = workload.sample_vocabulary(services, seed, ids=10, cold=10)
        mixes = [workload.search_mix(vocab, searches, seed + r) for r in range(rounds + 1)]
        answers = bench.app.state.searches

        async def searched(urls: list[str]) -> None:
            for url in urls:
                answers.clear()  # each search answered afresh (its items may be kept)
                if await bench.driver.get(url) != 200:
                    raise RuntimeError(f"{url} failed")

        def route(urls: list[str]) -> float:
            start = time.process_time()
            bench.loop.run_until_complete(searched(urls))
            return (time.process_time() - start) / len(urls) * 1e6

        route(mixes[0].urls())  # warm: reference data, the items of common hits
        bench.engine(mixes[0].queries())
        gc.freeze()
        engine, new, kept, qps = [], [], [], []
        for mix in mixes[1:]:
            queries = mix.queries()
            engine.append(bench.engine(queries))
            new.append(route(mix.urls()))  # searches not made before: some items new
            kept.append(route(mix.urls()))  # the same searches again: every item kept
            wall = time.perf_counter()
            for query in queries:
                services.index.search(query)
            qps.append(len(queries) / (time.perf_counter() - wall))
        return {
            "engine_us": _median(engine),
            "route_us": _median(kept),
            "route_new_us": _median(new),
            "engine_qps": _median(qps),
        }
    finally:
        services.close()


def _wrk(base: str, key: str, pid: int, connections: int, seconds: int) -> throughput.Wrk:
    return throughput.Wrk(
        throughput.ensure_wrk(), base, key, pid, OUT, seconds, connections, threads=1
    )


def over_http(data_dir: Path, seed: int, seconds: int) -> dict[str, Any]:
    """The search mix at 1 and 64 connections (answers not kept), then /health and
    cached and never-requested image ids at 16."""
    services = build_services(catalog.settings_for(data_dir))
    try:
        vocab = workload.sample_vocabulary(services, seed, ids=2_000, cold=60_000)
    finally:
        services.close()
    mix = workload.search_mix(vocab, MIX, seed).urls()
    cached = [f"/v3/images/{i}" for i in vocab.image_ids]
    fresh = [f"/v3/images/{i}" for i in vocab.cold_ids]
    key = server.api_key(data_dir)
    log = OUT / "search-speed-server.log"
    found: dict[str, Any] = {}
    env = {"PHOTOBANK_V3_SEARCH_CACHE_MB": "0"}
    with server.running_server(data_dir, key, log, env=env) as running:
        for connections in (1, 64):
            wrk = _wrk(running.base_url, key, running.pid, connections, seconds)
            say(f"  search mix, {connections} connection(s) ...")
            found[f"search_c{connections}"] = wrk.measure("search mix", mix)
        wrk = _wrk(running.base_url, key, running.pid, 16, seconds)
        httpx.get(f"{running.base_url}/v3/images", params={"ids": ",".join(vocab.image_ids[:100])})
        for name, paths, warmup in (
            ("health", ["/health"], None),
            ("image_cached", cached, None),
            ("image_uncached", fresh, cached),
        ):
            say(f"  {name} ...")
            found[name] = wrk.measure(name, paths, warmup)
    return found


@contextmanager
def prism_mock() -> Iterator[tuple[str, int]]:
    """Prism 5 mocking the v3 contract on a free port (installed on first use)."""
    binary = PRISM_DIR / "node_modules/.bin/prism"
    if not binary.exists():
        say(f"installing @stoplight/prism-cli@{PRISM_VERSION} into {PRISM_DIR} ...")
        PRISM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(PRISM_DIR),
             f"@stoplight/prism-cli@{PRISM_VERSION}"],
            check=True,
        )  # fmt: skip
    port = free_port()
    with (OUT / "prism.log").open("w") as log:
        cmd = [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(CONTRACT)]
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/v3/images/1", headers={"Api-Key": "k"}, timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"Prism did not start: see {OUT / 'prism.log'}")
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def against_prism(data_dir: Path, seconds: int) -> dict[str, Any]:
    """Each case on photobank (as deployed) and on Prism, alternating which goes first."""
    key = server.api_key(data_dir)
    services = build_services(catalog.settings_for(data_dir))
    try:
        image = workload.sample_vocabulary(services, 1, ids=20, cold=0).image_ids[0]
    finally:
        services.close()
    cases = {"phrase search": PHRASE, "two filters": FILTERED, "image by id": f"/v3/images/{image}"}
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        c: {"photobank": [], "prism": []} for c in cases
    }
    log = OUT / "search-speed-server.log"
    with server.running_server(data_dir, key, log) as ours, prism_mock() as (prism, prism_pid):
        sides = {"photobank": (ours.base_url, ours.pid), "prism": (prism, prism_pid)}
        for turn in range(2):
            order = ["photobank", "prism"] if turn == 0 else ["prism", "photobank"]
            for case, path in cases.items():
                for side in order:
                    base, pid = sides[side]
                    say(f"  {case}: {side} (round {turn + 1}/2) ...")
                    measured = _wrk(base, key, pid, 16, seconds).measure(f"{side} {case}", [path])
                    runs[case][side].append(measured)
    return {
        case: {side: max(found, key=lambda r: r["rps"]) for side, found in by_side.items()}
        for case, by_side in runs.items()
    }


def _row(name: str, d: dict[str, Any]) -> str:
    bad = d["errors"] + d["non_2xx"]
    note = f"  ({bad:,} errors/non-2xx)" if bad else ""
    return f"| {name} | {d['rps']:,.0f} | {d['p50_ms']:.2f} | {d['p99_ms']:.2f} |{note}"


def table(results: dict[str, Any]) -> str:
    """The figures as Markdown: what is printed and what the docs show."""
    lines = [
        f"Measured {results['date']} on {results['machine']['nproc']} cores "
        f"({results['machine']['cpu']}), code {results['code']}; load average before: "
        f"{results['load_before']:.1f}, after: {results['load_after']:.1f} (a shared, busy box).",
        "",
    ]
    for size, r in results["sizes"].items():
        ip, http = r["in_process"], r["http"]
        health = http["health"]["rps"]
        lines += [
            f"**{int(size):,} assets**",
            "",
            "| figure | value |",
            "|---|---|",
            f"| engine alone, CPU per search | {ip['engine_us']:,.0f} µs |",
            f"| search route, CPU per search, items kept | {ip['route_us']:,.0f} µs |",
            f"| search route, CPU per search, some items new | {ip['route_new_us']:,.0f} µs |",
            f"| route ÷ engine CPU (target at most 1.5) | {ip['route_us'] / ip['engine_us']:.2f} |",
            f"| engine queries/s, one thread | {ip['engine_qps']:,.0f} |",
        ]
        for c in (1, 64):
            rps = http[f"search_c{c}"]["rps"]
            lines.append(
                f"| HTTP search req/s ÷ engine q/s, {c} conn. (target ≥ 70 %) "
                f"| {rps / ip['engine_qps']:.0%} |"
            )
        for name in ("image_cached", "image_uncached"):
            lines.append(
                f"| {name.replace('_', ' ')} ÷ /health req/s | {http[name]['rps'] / health:.0%} |"
            )
        lines += ["", "| route | req/s | p50 ms | p99 ms |", "|---|---|---|---|"]
        lines += [_row("search mix, 1 connection", http["search_c1"])]
        lines += [_row("search mix, 64 connections", http["search_c64"])]
        lines += [_row(n, http[n]) for n in ("health", "image_cached", "image_uncached")]
        lines.append("")
    if prism := results.get("prism"):
        lines += [
            "**photobank (one worker, as deployed) next to Prism 5, 16 connections, "
            "A/B alternated**",
            "",
            "| case | photobank req/s | Prism req/s | ratio | photobank p99 ms | Prism p99 ms |",
            "|---|---|---|---|---|---|",
        ]
        for case, sides in prism.items():
            ours, theirs = sides["photobank"], sides["prism"]
            lines.append(
                f"| {case} | {ours['rps']:,.0f} | {theirs['rps']:,.0f} "
                f"| {ours['rps'] / theirs['rps']:.1f} "
                f"| {ours['p99_ms']:.2f} | {theirs['p99_ms']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines)


_START, _END = "<!-- search-speed -->", "<!-- /search-speed -->"


def write_docs(text: str, page: Path = DOCS) -> None:
    """Put ``text`` between the page's search-speed markers (added at its end if absent)."""
    current = page.read_text()
    block = f"{_START}\n{text}\n{_END}"
    if _START in current and _END in current:
        head, rest = current.split(_START, 1)
        current = head + block + rest.split(_END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n## Search at the speed of its engine\n\n"
        current += "`python -m bench.search_speed --write-docs`\n\n" + block + "\n"
    page.write_text(current)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_1m:
        sizes.append(1_000_000)
    results: dict[str, Any] = {
        "date": report.today(),
        "machine": report.machine(),
        "code": report.code_version(),
        "load_before": os.getloadavg()[0],
        "sizes": {},
    }
    for size in sizes:
        data_dir = Path(catalog.ensure_catalog(size, args.seed).data_dir)
        say(f"{size:,} assets: in process ...")
        measured = in_process(data_dir, args.seed, args.searches, args.rounds)
        say(f"{size:,} assets: over HTTP ...")
        results["sizes"][str(size)] = {
            "in_process": measured,
            "http": over_http(data_dir, args.seed, args.seconds),
        }
    if not args.no_prism:
        say("photobank and Prism ...")
        results["prism"] = against_prism(catalog.catalog_dir(sizes[0]), args.seconds)
    results["load_after"] = os.getloadavg()[0]
    (OUT / "search-speed.json").write_text(json.dumps(results, indent=2))
    text = table(results)
    print(text)
    if args.write_docs:
        write_docs(text)
        say(f"wrote {DOCS}")


if __name__ == "__main__":
    main()
