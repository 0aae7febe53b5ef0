"""Build (or reuse) the benchmark's demo catalog and time the build."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.report import say
from photobank.composition import Services, build_services
from photobank.config import Settings

OUT = Path(__file__).resolve().parent / "out"
_MARKER = "bench-catalog.json"


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """How the catalog in ``data_dir`` was built (times of the original build)."""

    data_dir: str
    assets: int
    seed: int
    generate_s: float  # demo generator writing the store
    index_s: float  # the index built from the store (see ``index_method``)
    total_s: float
    index_method: str = "sync"  # how the index was built: "rebuild" or "sync"
    reused: bool = False

    @property
    def assets_per_s(self) -> float:
        return self.assets / self.total_s if self.total_s else 0.0


def catalog_dir(assets: int) -> Path:
    """``catalog-1m`` for a million assets, ``catalog-100k`` for 100,000, else the number."""
    if assets % 1_000_000 == 0:
        name = f"{assets // 1_000_000}m"
    elif assets % 1_000 == 0:
        name = f"{assets // 1_000}k"
    else:
        name = str(assets)
    return OUT / f"catalog-{name}"


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, log_level="warning")


INDEX_METHODS = ("rebuild", "sync")


def ensure_catalog(
    assets: int, seed: int, *, index_method: str = "rebuild", rebuild: bool = False
) -> BuildInfo:
    """The catalog for ``assets``/``seed``, built now unless a complete one exists.

    ``index_method`` "rebuild" indexes as ``photobank demo`` does (one bulk
    build from the store); "sync" replays the store's change log instead.
    """
    data_dir = catalog_dir(assets)
    marker = data_dir / _MARKER
    if marker.exists() and not rebuild:
        info = BuildInfo(**json.loads(marker.read_text()))
        if (info.assets, info.seed, info.index_method) == (assets, seed, index_method):
            return BuildInfo(**{**asdict(info), "reused": True})
    # Built aside and moved into place when complete: nothing (no other process
    # either) ever opens a half-built catalog at the final path.
    staging = data_dir.with_name(data_dir.name + ".building")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    info = _build(staging, assets, seed, index_method)
    info = BuildInfo(**{**asdict(info), "data_dir": str(data_dir)})
    (staging / _MARKER).write_text(json.dumps(asdict(info), indent=2))
    if data_dir.exists():  # an incomplete build, another seed or method, or --rebuild
        shutil.rmtree(data_dir)
    staging.rename(data_dir)
    return info


def _build(data_dir: Path, assets: int, seed: int, index_method: str) -> BuildInfo:
    from photobank.demo.generator import build_demo_catalog

    start = time.perf_counter()
    services = build_services(settings_for(data_dir))
    last = [start]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 15 or done == assets:
            last[0] = now
            rate = done / (now - start)
            say(f"  generated {done:>9,} / {assets:,} assets ({rate:,.0f}/s)")

    # Search by image has its own benchmark (bench.by_image) over a 100k catalog with signatures.
    build_demo_catalog(
        services.catalog.repository,
        assets=assets,
        seed=seed,
        progress=progress,
        signatures=assets <= 100_000,
        workers=os.cpu_count() or 1,
    )
    generated = time.perf_counter()
    say(f"  indexing ({index_method}) ...")
    if index_method == "rebuild":
        services.index.rebuild()
    else:
        services.search.sync()
    done = time.perf_counter()
    services.close()
    return BuildInfo(
        data_dir=str(data_dir),
        assets=assets,
        seed=seed,
        generate_s=generated - start,
        index_s=done - generated,
        total_s=done - start,
        index_method=index_method,
    )


def warm_page_cache(data_dir: Path) -> float:
    """Read every file of the catalog once, so measurements start from the OS page
    cache rather than the disk (this machine reclaims idle page cache quickly).
    Returns the seconds it took: long means the files had been evicted."""
    start = time.perf_counter()
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            with path.open("rb") as f:
                while f.read(8 << 20):
                    pass
    return time.perf_counter() - start


def open_services(assets: int) -> Services:
    """Services over an already built catalog (opening syncs nothing new)."""
    return build_services(settings_for(catalog_dir(assets)))


if __name__ == "__main__":  # python -m bench.catalog [N [rebuild|sync]]: build only
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    method = sys.argv[2] if len(sys.argv) > 2 else "rebuild"
    result = ensure_catalog(count, int(os.environ.get("BENCH_SEED", "42")), index_method=method)
    print(json.dumps({**asdict(result), "assets_per_s": result.assets_per_s}, indent=2))


def chosen_catalog(data_dir: Path | None, assets: int, seed: int) -> Path:
    """``data_dir`` if it holds a catalog (else exit saying so), or the bench catalog of
    ``assets`` assets, built on first use."""
    if data_dir is None:
        return Path(ensure_catalog(assets, seed).data_dir)
    if (data_dir / "photobank.db").exists():
        return data_dir
    raise SystemExit(f"no catalog in {data_dir}")
