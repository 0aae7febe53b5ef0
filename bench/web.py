"""The web interface's search page: server time and page weight.

``python -m bench.web [--assets N] [--data-dir DIR] [--requests N]`` opens the
bench's demo catalog of N assets (built on first use, see :mod:`bench.catalog`)
or the one in DIR, and requests the search page (``/search``, a phrase and
filters that change from request to request) through the ASGI app in-process.
It prints the p50/p99 server time of the page, and of the refinements its
script fetches once the results show (``/search/refine``: facets, correction,
related searches; the first request of a search, then replayed until the
catalog changes), next to the v3 API's search of
the same queries (``/v3/search/images``, the baseline, same run; as for its
clients, a repeated query may be replayed from the v3 answer cache), and the
page's weight: HTML of a full results page plus the stylesheet and script it
loads (images excluded), against the target of 150 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx

from bench.catalog import chosen_catalog
from bench.latency import percentile
from photobank.app import create_app
from photobank.composition import build_services
from photobank.config import Settings
from photobank.demo.credentials import ensure_demo_accounts
from photobank.web.pages import STATIC_PREFIX

_QUERIES = [
    {"phrase": "mountain"},
    {"phrase": "city", "orientation": "horizontal"},
    {"phrase": "people", "family": "editorial", "sort": "newest"},
    {"phrase": ""},
    {"phrase": "beach", "license": "royaltyfree", "page": "2"},
    {"phrase": "business", "people": "group"},
]
# The web's parameters by their v3 names (the family is a v3 path instead).
_API_NAMES = {
    "phrase": "phrase", "page": "page", "orientation": "orientations", "sort": "sort_order",
    "people": "number_of_people", "license": "license_models",
}  # fmt: skip
TARGET_KB = 150
Request = tuple[str, dict[str, str]]  # path, query


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    p.add_argument("--assets", type=int, default=10_000, help="demo catalog size")
    p.add_argument("--data-dir", type=Path, help="an already built catalog")
    p.add_argument("--requests", type=int, default=200, help="timed requests of each kind")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p.parse_args(argv)


def _api_request(query: dict[str, str]) -> Request:
    """The same search as a v3 request, with the fields the page shows."""
    path = "/v3/search/images" + (f"/{query['family']}" if "family" in query else "")
    params = {"fields": "id,title,display_set", "page_size": "30"}
    params.update({_API_NAMES[k]: v for k, v in query.items() if k in _API_NAMES})
    return path, params


async def _timed(
    http: httpx.AsyncClient, requests: list[tuple[str, dict[str, str]]]
) -> list[float]:
    samples = []
    for path, params in requests:
        start = time.perf_counter()
        response = await http.get(path, params=params)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.text[:200]}")
    return sorted(samples)


async def _measure(data_dir: Path, count: int) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir, default_qps_limit=0, default_daily_limit=0)
    services = build_services(settings)
    try:
        assets = services.catalog.repository.count_assets()
        key = ensure_demo_accounts(services.accounts, 42).api_key
        app = create_app(settings, services)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://photobank.test", headers={"Api-Key": key}
        ) as http:
            queries = list(islice(cycle(_QUERIES), count))
            web = [("/search", q) for q in queries]
            refine = [("/search/refine", q) for q in queries]
            api = [_api_request(q) for q in queries]
            await _timed(http, web[: len(_QUERIES)] + api[: len(_QUERIES)])  # warm up
            web_ms, api_ms = await _timed(http, web), await _timed(http, api)
            first_refine_ms = await _timed(http, refine[: len(_QUERIES)])
            refine_ms = await _timed(http, refine)
            html = (await http.get("/search", params={"phrase": ""})).content
            css = (await http.get(f"{STATIC_PREFIX}/web.css")).content
            js = (await http.get(f"{STATIC_PREFIX}/web.js")).content
    finally:
        services.close()
    weight = len(html) + len(css) + len(js)
    return {
        "assets": assets,
        "requests": count,
        "search_page_p50_ms": round(percentile(web_ms, 50), 2),
        "search_page_p99_ms": round(percentile(web_ms, 99), 2),
        "refinements_first_p50_ms": round(percentile(first_refine_ms, 50), 2),
        "refinements_replayed_p50_ms": round(percentile(refine_ms, 50), 2),
        "v3_search_p50_ms": round(percentile(api_ms, 50), 2),
        "v3_search_p99_ms": round(percentile(api_ms, 99), 2),
        "page_to_api_p50_ratio": round(percentile(web_ms, 50) / percentile(api_ms, 50), 2),
        "page_weight_bytes": {"html": len(html), "css": len(css), "js": len(js), "all": weight},
        "page_weight_target_bytes": TARGET_KB * 1024,
    }


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    data_dir = chosen_catalog(args.data_dir, args.assets, 42)
    figures = asyncio.run(_measure(data_dir, args.requests))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    weight = figures["page_weight_bytes"]
    print(f"search page over {figures['assets']:,} assets, {figures['requests']} requests each")
    print(
        f"  web /search       p50 {figures['search_page_p50_ms']:7.2f} ms"
        f"   p99 {figures['search_page_p99_ms']:7.2f} ms"
    )
    print(
        f"  refinements       first p50 {figures['refinements_first_p50_ms']:7.2f} ms"
        f"   then p50 {figures['refinements_replayed_p50_ms']:7.2f} ms"
    )
    print(
        f"  v3 search (base)  p50 {figures['v3_search_p50_ms']:7.2f} ms"
        f"   p99 {figures['v3_search_p99_ms']:7.2f} ms"
        f"   page/api p50 {figures['page_to_api_p50_ratio']:.2f}x"
    )
    print(
        f"  page weight {weight['all'] / 1024:.1f} KB (html {weight['html']:,} B,"
        f" css {weight['css']:,} B, js {weight['js']:,} B); target {TARGET_KB} KB"
    )


if __name__ == "__main__":
    main()
