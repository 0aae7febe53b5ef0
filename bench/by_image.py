"""``python -m bench.by_image``: search by image at 100,000 assets, measured.

Builds (or reuses) the benchmark's demo catalog under ``bench/out/`` and
prints: the per-asset cost of signatures at ingest, the time to load every
signature into memory, how often a 170 px thumbnail of an asset finds that
asset first, and latency p50/p99 of the visual search service and of the
whole v3 operation in process (ranking, asset fetch, projection, JSON). It
prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
import warnings
from collections.abc import Callable

from sqlalchemy import func, select

from bench import catalog
from bench.latency import Summary, summarize
from photobank.app import create_app
from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.composition import Services
from photobank.demo.pixels import recipe_signature, render_image
from photobank.store import tables as t
from photobank.visual.service import VisualQuery, searchable
from photobank.visual.signature import Signature, signature_of_file
from photobank.visual.store import save_signatures

with warnings.catch_warnings():  # starlette prefers the httpx2 fork; httpx works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ASSETS = 100_000
SEED = 42
QUERIES = 300
THUMB_CHECKS = 20
_PATH = "/v3/search/images/creative/by-image"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=ASSETS)
    parser.add_argument("--queries", type=int, default=QUERIES)
    args = parser.parse_args()
    info = catalog.ensure_catalog(args.assets, SEED)
    services = catalog.open_services(args.assets)
    try:
        results = measure(services, args.queries)
    finally:
        services.close()
    results["catalog"] = {"assets": info.assets, "build_s": info.total_s, "reused": info.reused}
    print(json.dumps(results, indent=2))


def measure(services: Services, queries: int) -> dict[str, object]:
    backfilled = _backfill(services)
    start = time.perf_counter()
    matrix = services.visual.matrix()
    load_s = time.perf_counter() - start
    rng = random.Random(SEED)
    sources = rng.sample(matrix.ids, queries)
    signatures = [services.visual.asset_signature(i) for i in sources]
    filters = searchable("image")
    service = _timed(lambda s: services.visual.search(VisualQuery(s, filters)), signatures)
    http = _http_latency(services, sources)
    return {
        "signature_ms_per_asset": _signature_cost(services),
        "backfilled": backfilled,
        "matrix_rows": len(matrix),
        "matrix_load_s": round(load_s, 2),
        "thumbnail_rank1": _thumbnail_rank1(services),
        "service_latency": service.as_dict(),
        "http_latency": http.as_dict(),
    }


def _timed(call: Callable[[Signature], object], items: list[Signature]) -> Summary:
    samples = []
    for item in items:
        begin = time.perf_counter()
        call(item)
        samples.append(time.perf_counter() - begin)
    return summarize(samples)


def _http_latency(services: Services, sources: list[str]) -> Summary:
    """The v3 operation in process, searching by catalog asset (the upload path differs
    only by one indexed row read)."""
    client = TestClient(create_app(services.settings, services))
    api_key = services.accounts.create_client("bench by-image", qps_limit=0, daily_limit=0)[
        0
    ].api_key
    headers = {"Api-Key": api_key}
    samples = []
    for asset_id in sources:
        begin = time.perf_counter()
        response = client.get(_PATH, params={"asset_id": asset_id}, headers=headers)
        samples.append(time.perf_counter() - begin)
        assert response.status_code == 200, response.text
    return summarize(samples)


def _backfill(services: Services) -> int:
    """Signatures for a catalog built before they existed (demo recipes only)."""
    a, s = t.assets, t.visual_signatures
    query = select(a.c.id).where(~a.c.id.in_(select(s.c.asset_id)))
    with services.engine.connect() as conn:
        missing = [row.id for row in conn.execute(query)]
    ref = services.catalog.reference()
    for start in range(0, len(missing), 5000):
        assets = services.catalog.repository.get_assets(missing[start : start + 5000])
        save_signatures(services.engine, {i: recipe_signature(x, ref) for i, x in assets.items()})
    services.visual.clear()
    return len(missing)


def _signature_cost(services: Services) -> float:
    """Milliseconds a signature takes at ingest, over 200 catalog assets."""
    with services.engine.connect() as conn:
        ids = list(conn.scalars(select(t.assets.c.id).order_by(func.random()).limit(200)))
    assets = list(services.catalog.get_assets(ids).values())
    ref = services.catalog.reference()
    begin = time.perf_counter()
    for asset in assets:
        recipe_signature(asset, ref)
    return round((time.perf_counter() - begin) / len(assets) * 1000, 2)


def _thumbnail_rank1(services: Services) -> str:
    """Own 170 px thumbnails (of small originals: quick to draw) found first."""
    with services.engine.connect() as conn:
        small = select(t.assets.c.id).where(
            t.assets.c.width * t.assets.c.height < 1_500_000,
            t.assets.c.asset_family == "creative",
            t.assets.c.asset_type == "image",
            ~t.assets.c.nudity,
        )
        ids = list(conn.scalars(small.order_by(t.assets.c.id).limit(THUMB_CHECKS)))
    ref = services.catalog.reference()
    filters = searchable("image")
    hits = 0
    for asset in services.catalog.get_assets(ids).values():
        page = services.visual.search(VisualQuery(_thumbnail(asset, ref), filters, limit=1))
        hits += bool(page.assets) and page.assets[0].id == asset.id
    return f"{hits}/{len(ids)}"


def _thumbnail(asset: Asset, ref: Reference) -> Signature:
    image = render_image(asset, ref)
    image.thumbnail((170, 170))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return signature_of_file(out.getvalue())


if __name__ == "__main__":
    main()
