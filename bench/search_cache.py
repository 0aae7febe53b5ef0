"""A repeated identical search, replayed from its stored answer and worked out afresh.

``python -m bench.search_cache [--assets N] [--data-dir DIR] [--path TARGET]``
sends the same ``GET /v3/search/images?phrase=mountain`` (or ``--path``) into
one app whose search answers are kept (``PHOTOBANK_V3_SEARCH_CACHE_MB``, as
served) and into one whose search cache holds nothing (size 0), alternately
round by round in the same run, and prints the CPU µs per request of each
(median of ``--rounds``), the requests per CPU second and the ratio.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from bench import catalog
from bench.inprocess import Bench, _api_key, _say
from photobank.api.v3.response_cache import ResponseCache
from photobank.composition import build_services


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.search_cache", description=__doc__)
    p.add_argument(
        "--assets", type=int, default=10_000, help="catalog size (built in bench/out if missing)"
    )
    p.add_argument("--data-dir", type=Path, help="an already built catalog")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--path", default="/v3/search/images?phrase=mountain", help="the search")
    p.add_argument("--requests", type=int, default=500, help="requests per round and app")
    p.add_argument("--rounds", type=int, default=5, help="rounds; the median is printed")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    data_dir = catalog.chosen_catalog(args.data_dir, args.assets, args.seed)
    services = build_services(catalog.settings_for(data_dir))
    key = _api_key(services, data_dir)
    cached = Bench(services, key, args.seed)
    uncached = Bench(services, key, args.seed)
    uncached.app.state.searches = ResponseCache(0)  # stores nothing
    targets = [args.path] * args.requests
    cached.http(targets[:50])  # warm: the stored answer, assets, projections
    uncached.http(targets[:50])
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    figures: dict[str, list[float]] = {"cached": [], "uncached": []}
    for r in range(1, args.rounds + 1):
        _say(f"round {r}/{args.rounds} ...")
        figures["uncached"].append(uncached.http(targets))
        figures["cached"].append(cached.http(targets))
    services.close()
    print(f"{args.path} on {data_dir.name}, {args.requests} requests x {args.rounds} rounds")
    medians = {name: sorted(values)[len(values) // 2] for name, values in figures.items()}
    for name, value in medians.items():
        spread = ", ".join(f"{v:.0f}" for v in figures[name])
        print(
            f"{name:<9} {value:8.1f} µs/request  {1e6 / value:8.0f} req/CPU-s  (rounds: {spread})"
        )
    print(f"cached / uncached speed  {medians['uncached'] / medians['cached']:6.1f}x")


if __name__ == "__main__":
    main()
