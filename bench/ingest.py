"""Ingest rates: real 12 MP JPEGs with IPTC/XMP at 1 and 2 workers, and a metadata-only manifest.

Each run is ``photobank ingest`` in its own process over a fresh data
directory, so a figure includes everything an operator waits for: reading,
metadata, decoding, hashes, blurhash, signatures, originals and the index.
Per core is files over the CPU seconds the run and its workers used (what a
core does, however busy the machine is); per second is over the wall clock.
The parent's RSS is sampled as it runs; "start" and "end" are the medians of
the first and last fifth of the samples (a flat run keeps them close). The
load average is printed before and after: the box is shared.

    python -m bench.ingest [--files 2000] [--rows 20000] [--manifest-only] [--postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pyexiv2
from PIL import Image, ImageDraw, ImageFilter

from bench.postgres_search import new_database, postgres_server
from bench.server import memory_mib
from photobank.composition import build_services
from photobank.config import Settings
from photobank.ingest.folders import FolderIngest
from photobank.ingest.manifest import read_manifest
from photobank.ingest.options import IngestOptions
from photobank.ingest.writer import AssetWriter

_OUT = Path("bench/out/ingest")
_BASES = 12  # distinct pictures; each file differs in its metadata, so in its hash
_WORDS = "harbour market mountain river forest city night dawn portrait street".split()


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    p.add_argument("--files", type=int, default=2_000, help="12 MP JPEGs to ingest")
    p.add_argument("--rows", type=int, default=20_000, help="rows of the metadata-only manifest")
    p.add_argument("--megapixels", type=float, default=12.0)
    p.add_argument(
        "--manifest-only", action="store_true", help="skip the JPEGs: the manifest phase alone"
    )
    p.add_argument(
        "--postgres",
        action="store_true",
        help="also store the manifest on PostgreSQL (started as the tests start it)",
    )
    p.add_argument("--out", type=Path, default=_OUT)
    return p.parse_args(argv)


def _base(n: int, megapixels: float) -> bytes:
    """A photograph-like picture: soft gradients, shapes and grain (a realistic JPEG size)."""
    width = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    rng = random.Random(n)
    small = Image.new("RGB", (64, 48), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(small)
    for _ in range(12):
        x, y = rng.randrange(64), rng.randrange(48)
        fill = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - 9, y - 7, x + 9, y + 7), fill=fill)
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, grain, 0.2)
    path = Path(f"/tmp/bench-base-{n}.jpg")
    image.save(path, quality=90)
    return path.read_bytes()


def _tagged(data: bytes, n: int) -> bytes:
    rng = random.Random(n)
    keywords = rng.sample(_WORDS, 3)
    with pyexiv2.ImageData(data) as image:
        image.modify_iptc(
            {
                "Iptc.Application2.Headline": f"Picture {n} of the benchmark",
                "Iptc.Application2.Caption": f"A {' and '.join(keywords)} scene, number {n}.",
                "Iptc.Application2.Keywords": keywords,
                "Iptc.Application2.Byline": "Bench Photographer",
                "Iptc.Application2.Credit": "Bench Agency",
                "Iptc.Application2.City": "Brest",
                "Iptc.Application2.CountryCode": "FR",
            }
        )
        image.modify_xmp({"Xmp.iptcExt.PersonInImage": ["A. Sitter"]})
        tagged: bytes = image.get_bytes()
    return tagged


def _make_files(folder: Path, count: int, megapixels: float) -> int:
    """Write ``count`` tagged JPEGs (kept between runs); their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    bases: dict[int, bytes] = {}
    total = 0
    for n in range(count):
        path = folder / f"photo-{n:05d}.jpg"
        if not path.exists():
            kind = n % _BASES
            if kind not in bases:
                bases[kind] = _base(kind, megapixels)
            path.write_bytes(_tagged(bases[kind], n))
        total += path.stat().st_size
    return total


def _decode_ceiling(folder: Path, files: int = 60) -> dict[str, object]:
    """The images/s one core could reach if ingest did nothing but the one decode it
    cannot skip: each JPEG read whole at the reduced scale ingest measures at."""
    paths = sorted(folder.glob("*.jpg"))[:files]
    started = time.process_time()
    for path in paths:
        with Image.open(path) as image:
            image.draft("RGB", (256, 256))
            image.load()
    seconds = (time.process_time() - started) / len(paths)
    return {"decode_ms": round(seconds * 1000, 1), "images_per_second": round(1 / seconds, 1)}


def _make_manifest(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with path.open("w") as out:
        for n in range(rows):
            row = {
                "id": str(300_000_001 + n),
                "title": f"Archive picture {n}",
                "caption": "From the archive's catalogue, without a scan yet.",
                "keywords": rng.sample(_WORDS, 3),
                "artist": "Archive",
                "width": 6000,
                "height": 4000,
                "date_created": f"19{50 + n % 50}-05-01",
            }
            out.write(json.dumps(row) + "\n")


def _ingest(args: list[str], data_dir: Path) -> dict[str, object]:
    """Run ``photobank ingest ARGS --json`` on a fresh data directory; time and memory."""
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    env = {**os.environ, "PHOTOBANK_DATA_DIR": str(data_dir), "PHOTOBANK_HASH_COST": "fast"}
    command = [sys.executable, "-m", "photobank", "ingest", *args, "--json"]
    report_file = data_dir.with_suffix(".json")
    started, cpu = time.monotonic(), _children_cpu()
    with (
        report_file.open("wb") as out,
        subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.DEVNULL) as p,
    ):
        samples: list[float] = []
        while p.poll() is None:
            with contextlib.suppress(FileNotFoundError, KeyError):
                samples.append(memory_mib(p.pid)["VmRSS"])
            time.sleep(0.25)
    seconds, cpu = time.monotonic() - started, _children_cpu() - cpu
    report = json.loads(report_file.read_bytes())
    fifth = max(1, len(samples) // 5)
    return {
        "seconds": round(seconds, 1),
        "added": len(report["added"]),
        "failed": len(report["failed"]),
        "per_second": round(len(report["added"]) / seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "per_core": round(len(report["added"]) / cpu, 1),
        "rss_start_mib": round(statistics.median(samples[:fifth]), 1) if samples else None,
        "rss_end_mib": round(statistics.median(samples[-fifth:]), 1) if samples else None,
        "rss_peak_mib": round(max(samples), 1) if samples else None,
    }


def _children_cpu() -> float:
    """CPU seconds (user and system) of the children waited for so far, theirs included."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def _manifest_run(
    manifest: Path, data_dir: Path, workers: int, database_url: str | None = None
) -> dict[str, object]:
    """A metadata-only manifest ingested in this process, its two phases timed apart:
    rows stored (searchable, licensable), then drawn pictures measured."""
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    settings = Settings(data_dir=data_dir, hash_cost="fast", database_url=database_url)
    services = build_services(settings)
    measuring = {"seconds": 0.0, "cpu": 0.0}
    measure = AssetWriter.measure_drawn

    def timed(writer: AssetWriter, chunk: int = 500) -> int:
        started, cpu = time.monotonic(), time.process_time()
        try:
            return measure(writer, chunk)
        finally:
            measuring["seconds"] += time.monotonic() - started
            measuring["cpu"] += time.process_time() - cpu

    try:
        rows, _ = read_manifest(manifest)
        with mock.patch.object(AssetWriter, "measure_drawn", timed):
            started, cpu = time.monotonic(), time.process_time()
            report = FolderIngest(services, IngestOptions(workers=workers)).run([], manifest=rows)
            total, cpu = time.monotonic() - started, time.process_time() - cpu
    finally:
        services.close()
    stored = total - measuring["seconds"]
    added = len(report.added)
    return {
        "rows": added,
        "stored_seconds": round(stored, 1),
        "stored_per_second": round(added / stored),
        "stored_per_core": round(added / (cpu - measuring["cpu"])),
        "measured_per_second": round(added / measuring["seconds"], 1),
        "total_per_second": round(added / total, 1),
    }


def _postgres_manifest_run(manifest: Path, data_dir: Path) -> dict[str, object]:
    """The manifest stored into a new database of a PostgreSQL (with RUM) started for the
    run: its rows a second count the server's work (its CPU is not in "per core")."""
    with postgres_server(None) as admin:
        return _manifest_run(manifest, data_dir, 1, new_database(admin, "bench_ingest"))


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    print(f"load average before: {_load()}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {} if args.manifest_only else _file_runs(args)
    manifest = args.out / "archive.jsonl"
    _make_manifest(manifest, args.rows)
    for workers in (1, 2):
        run = _manifest_run(manifest, args.out / f"data-m{workers}", workers)
        results[f"manifest rows, --workers {workers}"] = run
        print(f"manifest, --workers {workers}: {json.dumps(run)}", flush=True)
    if args.postgres:
        run = _postgres_manifest_run(manifest, args.out / "data-pg")
        results["manifest rows on PostgreSQL, --workers 1"] = run
        print(f"manifest on PostgreSQL: {json.dumps(run)}", flush=True)
    stored = [results[f"manifest rows, --workers {w}"]["stored_per_core"] for w in (1, 2)]
    if not args.manifest_only:
        one, two = (results[f"files, --workers {w}"]["per_second"] for w in (1, 2))
        assert isinstance(one, float) and isinstance(two, float)
        print(f"files: {one} images/s on one worker, {two} on two ({two / one:.2f}x)")
        per_core = [results[f"files, --workers {w}"]["per_core"] for w in (1, 2)]
        print(f"per core: {per_core[0]} and {per_core[1]} images/s")
    print(f"manifest rows stored per CPU second: {stored[0]} and {stored[1]}")
    print(f"load average after: {_load()}")
    (args.out / "results.json").write_text(json.dumps(results, indent=2))


def _file_runs(args: argparse.Namespace) -> dict[str, dict[str, object]]:
    """The JPEG folder ingested with one worker and with two, and the decode ceiling."""
    folder = args.out / "photos"
    size = _make_files(folder, args.files, args.megapixels)
    print(f"{args.files} JPEGs of {args.megapixels:g} MP, {size / args.files / 1e6:.1f} MB each")
    results: dict[str, dict[str, object]] = {"decode alone, one core": _decode_ceiling(folder)}
    print(f"decode alone, one core: {json.dumps(results['decode alone, one core'])}", flush=True)
    for workers in (1, 2):
        run = _ingest([str(folder), "--workers", str(workers)], args.out / f"data-w{workers}")
        results[f"files, --workers {workers}"] = run
        print(f"--workers {workers}: {json.dumps(run)}", flush=True)
    return results


if __name__ == "__main__":
    main()
