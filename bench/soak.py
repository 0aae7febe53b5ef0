"""``make soak`` / ``python -m bench.soak``: the server's memory under a long mixed load.

Starts ``photobank serve`` on a demo catalog (built by ``bench.catalog`` if absent),
then sends the ordinary mix of :mod:`bench.traffic` with one cache-busting
request in ten for ``--minutes``, printing RSS every minute; afterwards, in the
same run, wrk measures ``/health`` and cached ``/v3/images/{id}`` so the price of
the cache budgets in requests a second shows next to the memory they save.
Figures go to ``bench/out/soak.json``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import catalog, server, throughput, traffic
from bench.report import say
from photobank.demo.credentials import demo_credentials, ensure_demo_accounts

OUT = Path(__file__).parent / "out"
BATCH = 1_000  # requests sent between two looks at the clock


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    p.add_argument("--assets", type=int, default=1_000_000, help="catalog size (default 1M)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--minutes", type=float, default=10, help="length of the load (make soak: 60)")
    p.add_argument("--workers", type=int, default=8, help="connections sending the load")
    p.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    return p.parse_args(argv)


def _mix(target: traffic.Target, seed: int) -> Iterator[traffic.Request]:
    """Endless: nine ordinary requests, then one cache-busting one."""
    for turn in itertools.count():
        yield from traffic.ordinary(target, 9 * BATCH // 10, seed + turn)
        yield from traffic.busting(target, BATCH // 10, seed + turn)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    catalog.ensure_catalog(args.assets, args.seed)
    data_dir = catalog.catalog_dir(args.assets)
    services = catalog.open_services(args.assets)
    ensure_demo_accounts(services.accounts, args.seed, services.licensing)
    services.close()
    creds = demo_credentials(args.seed)
    OUT.mkdir(exist_ok=True)
    # The load signs in over plain HTTP on 127.0.0.1, as the emulator's test clients do.
    os.environ["PHOTOBANK_ALLOW_INSECURE_LOOPBACK"] = "true"
    with server.running_server(data_dir, creds.api_key, OUT / "soak-server.log") as running:
        target = traffic.discover(
            running.base_url, creds.api_key, creds.api_secret, creds.username, creds.password
        )
        start = server.memory_mib(running.pid)
        say(f"start: RSS {start['VmRSS']:.0f} MiB")
        minutes, statuses, sent = _load(args, target, running.pid)
        end = server.memory_mib(running.pid)
        wrk = _ratio(args, running, target)
    result = {
        "assets": args.assets,
        "minutes": args.minutes,
        "requests": sent,
        "requests_per_s": sent / (args.minutes * 60),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "rss_mib": {"start": start["VmRSS"], "peak": end["VmHWM"], "end": end["VmRSS"]},
        "rss_by_minute": minutes,
        **wrk,
    }
    (OUT / "soak.json").write_text(json.dumps(result, indent=2))
    say(json.dumps({k: v for k, v in result.items() if k != "rss_by_minute"}, indent=2))


def _load(
    args: argparse.Namespace, target: traffic.Target, pid: int
) -> tuple[list[float], Counter[int], int]:
    """Send the mix for ``args.minutes``; RSS at the end of each minute."""
    requests = _mix(target, args.seed)
    began = time.monotonic()
    deadline = began + args.minutes * 60
    next_minute = began + 60
    minutes: list[float] = []
    statuses: Counter[int] = Counter()
    sent = 0
    while time.monotonic() < deadline:
        statuses += traffic.send(target, itertools.islice(requests, BATCH), args.workers)
        sent += BATCH
        while time.monotonic() >= next_minute:
            rss = server.memory_mib(pid)["VmRSS"]
            minutes.append(rss)
            say(f"minute {len(minutes):>3}: RSS {rss:.0f} MiB, {sent:,} requests")
            next_minute += 60
    return minutes, statuses, sent


def _ratio(
    args: argparse.Namespace, running: server.Server, target: traffic.Target
) -> dict[str, Any]:
    """/health and cached /v3/images/{id} under wrk, after the load, in the same run."""
    wrk = throughput.Wrk(
        binary=throughput.ensure_wrk(),
        base_url=running.base_url,
        api_key=running.api_key,
        server_pid=running.pid,
        work_dir=OUT,
        seconds=args.duration,
        connections=16,
        threads=1,
    )
    health = wrk.measure("/health", ["/health"])
    cached = wrk.measure(
        "/v3/images/{id} (cached ids)", [f"/v3/images/{i}" for i in target.image_ids]
    )
    return {
        "health_rps": health["rps"],
        "cached_image_rps": cached["rps"],
        "cached_image_vs_health": cached["rps"] / health["rps"],
    }


if __name__ == "__main__":
    main()
