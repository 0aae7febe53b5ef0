"""``python -m bench.media``: display renditions and deliveries, measured.

Over a small demo catalog whose chosen assets get photo-like 12 MP originals
(the demo picture plus full-resolution colour grain, 4-6 MB as a camera JPEG
would be), it measures cold and warm latency of thumb/preview/comp, renditions
per second on one core, wrk throughput of warm renditions and of a cached
~5 MB delivery next to ``/health`` in the same server, and the server's RSS
while 1,000 distinct renditions are made. It prints figures and never fails
on a timing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from PIL import Image

from bench import catalog, report, server, throughput
from bench.report import say
from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.demo.pixels import render_image
from photobank.media.imaging import scaled_jpeg
from photobank.media.originals import OriginalStore
from photobank.media.urls import DISPLAY_SIZES

SIZES = ("thumb", "preview", "comp")
TWELVE_MP = (11.0, 13.0)
GRAIN = 8.0  # sigma of the per-channel grain added at full resolution
RSS_ASSETS = 125  # x 4 display sizes x 2 watermark flags = 1,000 distinct renditions
WARM_REPEATS = 20


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.media", description=__doc__)
    p.add_argument("--assets", type=int, default=5_000, help="catalog size (default 5,000)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--originals", type=int, default=8, help="12 MP originals for cold runs")
    p.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    p.add_argument("--connections", type=int, default=16, help="wrk connections")
    return p.parse_args(argv)


def photo_like(asset: Asset, services: Services, seed: int) -> bytes:
    """The demo picture at full size with per-pixel colour grain, as a camera JPEG."""
    image = render_image(asset, services.catalog.reference())
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, np.int16) + rng.normal(0, GRAIN, (*image.size[::-1], 3)).astype(
        np.int16
    )
    out = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=95)
    return out.getvalue()


def prepare(services: Services, count: int, seed: int) -> dict[str, Any]:
    """Photo-like 12 MP originals, small demo originals for the RSS run, no renditions."""
    assets = [a for batch in services.catalog.repository.iter_assets() for a in batch]
    twelve = [a for a in assets if TWELVE_MP[0] <= a.megapixels <= TWELVE_MP[1]][:count]
    if len(twelve) < count:
        raise SystemExit(f"only {len(twelve)} assets of ~12 MP; build a larger catalog")
    originals = OriginalStore(services.media_storage, services.catalog.reference)
    storage = services.media_storage
    for number, asset in enumerate(twelve):
        key = originals.key_for(asset.id)
        stored = storage.stat(key)
        if stored is None or stored.size < 4_500_000:
            say(f"  12 MP original {number + 1}/{count} ({asset.id}) ...")
            storage.put_bytes(key, photo_like(asset, services, seed + number))
    small = [a for a in assets if 1.0 <= a.megapixels <= 3.0][:RSS_ASSETS]
    say(f"  {len(small)} small originals for the RSS run ...")
    for asset in small:
        originals.ensure(asset)
    shutil.rmtree(services.settings.media_dir / "renditions", ignore_errors=True)
    sizes = {a.id: storage.stat(originals.key_for(a.id)) for a in twelve}
    return {"twelve": twelve, "small": small, "original_bytes": sizes}


def display_paths(services: Services, asset: Asset) -> dict[str, str]:
    urls = services.media_urls
    return {
        size: urls.display("", asset.id, size, DISPLAY_SIZES[size].watermarked) for size in SIZES
    }


def per_core(services: Services, asset: Asset) -> dict[str, float]:
    """Renditions per second of one thread (one core) from a 12 MP original, by size."""
    key = OriginalStore(services.media_storage, services.catalog.reference).key_for(asset.id)
    with services.media_storage.open(key) as reader:
        data = reader.read()
    rates = {}
    for size in SIZES:
        side, marked = DISPLAY_SIZES[size].long_side, DISPLAY_SIZES[size].watermarked
        start, count = time.process_time(), 0
        while time.process_time() - start < 2.0:
            scaled_jpeg(io.BytesIO(data), side, marked)
            count += 1
        rates[size] = count / (time.process_time() - start)
    return rates


def latencies(client: httpx.Client, paths: list[dict[str, str]]) -> dict[str, Any]:
    """Cold (first) and warm (repeated) request times per size, milliseconds."""
    cold: dict[str, list[float]] = {size: [] for size in SIZES}
    warm: dict[str, list[float]] = {size: [] for size in SIZES}
    for by_size in paths:
        for size, path in by_size.items():
            cold[size].append(_timed(client, path))
    for _ in range(WARM_REPEATS):
        for by_size in paths:
            for size, path in by_size.items():
                warm[size].append(_timed(client, path))
    return {
        size: {
            "cold_p50_ms": statistics.median(cold[size]),
            "cold_max_ms": max(cold[size]),
            "warm_p50_ms": statistics.median(warm[size]),
            "warm_p99_ms": float(np.percentile(warm[size], 99)),
        }
        for size in SIZES
    }


def _timed(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
    return elapsed


def rss_run(client: httpx.Client, services: Services, pid: int, small: list[Asset]) -> list[Any]:
    """Server RSS (MiB) after every 100 of 1,000 distinct renditions."""
    samples = [(0, server.memory_mib(pid)["VmRSS"])]
    made = 0
    for asset in small:
        for size in DISPLAY_SIZES:
            for marked in (False, True):
                _timed(client, services.media_urls.display("", asset.id, size, marked))
                made += 1
                if made % 100 == 0:
                    samples.append((made, server.memory_mib(pid)["VmRSS"]))
    return samples


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    wrk = throughput.ensure_wrk()
    load = os.getloadavg()
    built = catalog.ensure_catalog(args.assets, args.seed)
    data_dir = Path(built.data_dir)
    say(f"catalog: {args.assets:,} assets in {data_dir}; load average {load[0]:.2f}")
    services = catalog.open_services(args.assets)
    prepared = prepare(services, args.originals, args.seed)
    twelve: list[Asset] = prepared["twelve"]
    rates = per_core(services, twelve[0])
    paths = [display_paths(services, a) for a in twelve]
    big = max(twelve, key=lambda a: prepared["original_bytes"][a.id].size)
    delivery = services.delivery_urls.url("", big.id, "original", 1)
    delivery_bytes = prepared["original_bytes"][big.id].size
    services.close()

    key = server.api_key(data_dir)
    with server.running_server(data_dir, key, catalog.OUT / "media-server.log") as srv:
        say(f"server pid {srv.pid}: cold and warm latency ...")
        with httpx.Client(base_url=srv.base_url, timeout=60) as client:
            timing = latencies(client, paths)
            _timed(client, delivery)  # the delivered file is in the page cache
            runner = throughput.Wrk(
                wrk, srv.base_url, key, srv.pid, catalog.OUT, args.duration, args.connections, 1
            )
            say("wrk: /health, warm renditions, delivery ...")
            runs = {
                "health": runner.measure("/health", ["/health"]),
                "warm_thumb": runner.measure("warm thumb", [p["thumb"] for p in paths]),
                "warm_mix": runner.measure(
                    "warm renditions", [p for d in paths for p in d.values()]
                ),
                "delivery": runner.measure("delivery 5 MB", [delivery]),
            }
            say("RSS while 1,000 distinct renditions are made ...")
            services = catalog.open_services(args.assets)
            rss = rss_run(client, services, srv.pid, prepared["small"])
            services.close()
        memory = server.memory_mib(srv.pid)
    _report(args, built, load, prepared, rates, timing, runs, delivery_bytes, rss, memory)


def _report(
    args: argparse.Namespace, built: Any, load: tuple[float, float, float],
    prepared: dict[str, Any], rates: dict[str, float], timing: dict[str, Any],
    runs: dict[str, Any], delivery_bytes: int, rss: list[Any], memory: dict[str, float],
) -> None:  # fmt: skip
    health = runs["health"]["rps"]
    delivery_mb_s = runs["delivery"]["rps"] * delivery_bytes / 1e6
    sizes = [s.size for s in prepared["original_bytes"].values()]
    machine = report.machine()
    checks = [
        report.Check("cold comp p50", timing["comp"]["cold_p50_ms"], 150, "ms", True),
        report.Check(
            "warm renditions / health", 100 * runs["warm_mix"]["rps"] / health, 70, "%", False
        ),
        report.Check("delivery throughput", delivery_mb_s, 500, "MB/s", False),
    ]
    lines = [
        f"machine: {machine['nproc']} x {machine['cpu']}, {machine['ram_gib']} GiB; "
        f"load average at start {load[0]:.2f} (a shared machine)",
        f"12 MP originals: {len(sizes)}, {min(sizes) / 1e6:.1f}-{max(sizes) / 1e6:.1f} MB",
        "",
        f"{'size':<8} {'cold p50':>9} {'cold max':>9} {'warm p50':>9} {'warm p99':>9} "
        f"{'renditions/s/core':>18}",
    ]
    for size in SIZES:
        t = timing[size]
        lines.append(
            f"{size:<8} {t['cold_p50_ms']:>7.1f}ms {t['cold_max_ms']:>7.1f}ms "
            f"{t['warm_p50_ms']:>7.2f}ms {t['warm_p99_ms']:>7.2f}ms {rates[size]:>18.1f}"
        )
    lines.append("")
    for name, run in runs.items():
        lines.append(
            f"wrk {name:<12} {run['rps']:>10,.0f} req/s  p99 {run['p99_ms']:>7.2f} ms  "
            f"server CPU {run['server_cpu']:.2f}  non-2xx {run['non_2xx']}"
        )
    lines.append(f"delivery: {delivery_bytes / 1e6:.2f} MB file, {delivery_mb_s:,.0f} MB/s")
    lines.append("RSS (MiB) after N renditions: " + ", ".join(f"{n}: {m:.0f}" for n, m in rss))
    lines.append(f"server memory at the end: {memory}")
    lines.append("")
    lines.extend(check.text() for check in checks)
    print("\n".join(lines))
    out = catalog.OUT / "media.json"
    results = {
        "date": report.today(), "machine": machine, "load_at_start": load,
        "catalog": built.data_dir, "original_bytes": sizes, "per_core": rates,
        "latency": timing, "wrk": runs, "delivery_bytes": delivery_bytes,
        "delivery_mb_s": delivery_mb_s, "rss": rss, "memory": memory,
        "checks": [c.as_dict() for c in checks], "duration_s": args.duration,
    }  # fmt: skip
    out.write_text(json.dumps(results, indent=2))
    say(f"wrote {out}")


if __name__ == "__main__":
    main()
