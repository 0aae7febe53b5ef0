"""Token grants at production argon2 cost: the first for a credential, then the ones after.

``python -m bench.grants [--grants N]`` builds an empty library in a temporary
directory with the default (production) hash cost, and posts
``client_credentials`` and ``password`` grants to ``/oauth2/token`` through the
ASGI app in-process (httpx's ASGITransport, marked https as the endpoint
requires). For each grant type it prints the first grant (argon2 runs), the
p50/p95 of the next ``N`` (the credential is recognised without argon2) and
their ratio, next to grants with ``PHOTOBANK_VERIFIED_CREDENTIAL_SECONDS=0``
(argon2 on every grant, as before the cache) from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.latency import percentile
from photobank.app import create_app
from photobank.composition import build_services
from photobank.config import Settings

_BASE = "https://photobank.test"


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.grants", description=__doc__)
    p.add_argument("--grants", type=int, default=200, help="grants timed after the first")
    p.add_argument("--uncached", type=int, default=10, help="grants timed with no cache")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p.parse_args(argv)


async def _timed(http: httpx.AsyncClient, form: dict[str, str], count: int) -> list[float]:
    """Milliseconds of ``count`` grants, one after another."""
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = await http.post("/oauth2/token", data=form)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"grant refused: {response.status_code} {response.text}")
    return samples


async def _measure(data_dir: Path, seconds: int, count: int) -> dict[str, Any]:
    """First and later grants of each type, with verified credentials kept ``seconds``."""
    settings = Settings(data_dir=data_dir, verified_credential_seconds=seconds)
    services = build_services(settings)
    try:
        _, secret = services.accounts.create_client("Bench", api_key=f"bench-{seconds}")
        services.accounts.create_customer(f"bench-{seconds}", "bench-password")
        app = create_app(settings, services)
        client = {"client_id": f"bench-{seconds}", "client_secret": secret}
        forms = {
            "client_credentials": {**client, "grant_type": "client_credentials"},
            "password": {
                **client,
                "grant_type": "password",
                "username": f"bench-{seconds}",
                "password": "bench-password",
            },
        }
        figures: dict[str, Any] = {}
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=_BASE
        ) as http:
            await http.post("/oauth2/token", data={})  # warm the app up (imports, routing)
            for name, form in forms.items():
                first, *later = await _timed(http, form, 1 + count)
                later.sort()
                figures[name] = {
                    "first_ms": round(first, 2),
                    "n": len(later),
                    "p50_ms": round(percentile(later, 50), 2),
                    "p95_ms": round(percentile(later, 95), 2),
                }
        return figures
    finally:
        services.close()


async def _run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-grants-") as tmp:
        cached = await _measure(Path(tmp) / "cached", 300, args.grants)
        uncached = await _measure(Path(tmp) / "uncached", 0, args.uncached)
    for name, figures in cached.items():
        figures["first_over_p50"] = round(figures["first_ms"] / figures["p50_ms"], 1)
        figures["uncached_p50_ms"] = uncached[name]["p50_ms"]
        figures["uncached_n"] = uncached[name]["n"]
    return cached


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    results = asyncio.run(_run(args))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("token grants at production argon2 cost, in-process (ASGI), milliseconds")
    for name, f in results.items():
        print(
            f"{name:>18}: first {f['first_ms']:8.2f}   next {f['n']}: p50 {f['p50_ms']:6.2f}"
            f"  p95 {f['p95_ms']:6.2f}   first/p50 {f['first_over_p50']:7.1f}x"
            f"   | no cache ({f['uncached_n']} grants): p50 {f['uncached_p50_ms']:8.2f}"
        )


if __name__ == "__main__":
    main()
