"""Search throughput as photobank scales out, side by side in one run.

``python -m bench.nodes [--assets N] [--duration S] [--rounds R] [--connections C]``

1. Embedded (SQLite, tantivy): ``photobank serve --workers 1`` against
   ``--workers 2`` on a copy of the bench catalog (target: 1.8x).
2. Distributed: the same catalog moved with ``photobank copy`` into PostgreSQL
   (with RUM), Redis and S3 (moto's server), started on loopback by
   tests/servers.py; one node (one worker) against two nodes of one worker each
   behind Debian's nginx with deploy/nginx.conf (target: 1.7x), and one node
   behind nginx, which prices the proxy on its own.

Searches are worked out every time (``PHOTOBANK_V3_SEARCH_CACHE_MB=0``) on a mix
of distinct searches, driven by wrk with one thread; turns alternate and the
medians of ``--rounds`` are compared. Every figure comes with the cores each
part used (photobank, nginx, wrk, the rest: PostgreSQL, Redis, S3 and anything
else on the machine) and the load average, since every part shares this
machine's cores. Last, what each store holds per asset (for sizing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench import catalog, server, throughput, workload
from bench.report import say
from bench.workers import copy_catalog, measure_workers, throughput_parser, tree_cpu
from photobank.composition import build_services
from photobank.emulator.process import free_port

ROOT = Path(__file__).resolve().parents[1]
SEARCH_MIX = 20_000
BUCKET = "photobank"
TARGETS = {"workers": 1.8, "nodes": 1.7}
_TABLES_BYTES = (
    "SELECT sum(pg_total_relation_size(oid)) FROM pg_class"
    " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
)
_BENCH_ENV = {"PHOTOBANK_V3_SEARCH_CACHE_MB": "0", "PHOTOBANK_DEFAULT_QPS_LIMIT": "0"}


def _args(argv: list[str] | None) -> argparse.Namespace:
    return throughput_parser("python -m bench.nodes", __doc__).parse_args(argv)


@contextmanager
def _nginx(work: Path, name: str, upstreams: list[str]) -> Iterator[tuple[str, int]]:
    """Debian's nginx with deploy/nginx.conf over ``upstreams``: its URL and master pid."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port, prefix = free_port(), work / name
    (prefix / "logs").mkdir(parents=True)
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = "".join(f"        server {where};\n" for where in upstreams)
    head, _, rest = conf.partition("    upstream photobank {\n")
    rest = rest[rest.index("        keepalive") :]
    conf = f"{head}    upstream photobank {{\n{servers}{rest}".replace(
        "listen 8080;", f"listen 127.0.0.1:{port};"
    )
    (prefix / "nginx.conf").write_text(conf)
    argv = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    argv += ["-g", f"daemon off; pid {prefix}/nginx.pid; error_log {prefix}/logs/error.log;"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if (prefix / "nginx.pid").exists():
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(10)


def _run(
    wrk: str, base: str, key: str, parts: dict[str, list[int]], work: Path, paths: list[str],
    name: str, args: argparse.Namespace,
) -> dict[str, Any]:  # fmt: skip
    """One wrk run against ``base``; the cores each part's processes (and their children)
    used meanwhile: ``parts`` names photobank's nodes, nginx, PostgreSQL."""
    first = parts["photobank"][0]
    runner = throughput.Wrk(wrk, base, key, first, work, args.duration, args.connections, 1)
    before = {part: sum(tree_cpu(pid) for pid in pids) for part, pids in parts.items()}
    started = time.monotonic()
    result = runner.measure(name, paths, paths[: len(paths) // 10])
    seconds = time.monotonic() - started
    used = {
        part: (sum(tree_cpu(pid) for pid in pids) - before[part]) / seconds
        for part, pids in parts.items()
    }
    return {"nginx": 0.0, "postgres": 0.0, **result, **used, "load": os.getloadavg()[0]}


def _median(results: list[dict[str, Any]]) -> dict[str, Any]:
    return sorted(results, key=lambda r: r["rps"])[len(results) // 2]


def _embedded(
    wrk: str, data_dir: Path, key: str, vocab: workload.Vocabulary, args: argparse.Namespace
) -> dict[str, list[dict[str, Any]]]:
    runs: dict[str, list[dict[str, Any]]] = {"--workers 1": [], "--workers 2": []}
    for turn in range(args.rounds):
        paths = workload.search_mix(vocab, SEARCH_MIX, args.seed + turn).urls()
        for workers in (1, 2) if turn % 2 == 0 else (2, 1):
            say(f"embedded, round {turn + 1}/{args.rounds}: --workers {workers} ...")
            throughput.wait_for_quiet(30, say)
            result = measure_workers(wrk, data_dir, key, workers, paths, args)
            result |= {"photobank": result["server_cores"], "nginx": 0.0, "postgres": 0.0}
            result["load"] = os.getloadavg()[0]
            runs[f"--workers {workers}"].append(result)
    return runs


def _copy_into(embedded: Path, work: Path, env: dict[str, str]) -> tuple[Path, float]:
    """``photobank copy`` of ``embedded`` into the servers of ``env``: the first node's data
    directory and the seconds the copy took."""
    node = work / "node-1"
    argv = [sys.executable, "-m", "photobank", "copy", "--to", env["PHOTOBANK_DATABASE_URL"]]
    argv += ["--media-url", env["PHOTOBANK_MEDIA_URL"], "--node-dir", str(node)]
    plain = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    plain |= {k: v for k, v in env.items() if k.startswith("PHOTOBANK_S3_")}
    started = time.monotonic()
    with (work / "copy.log").open("w") as log:
        subprocess.run(argv, env={**plain, "PHOTOBANK_DATA_DIR": str(embedded)}, stdout=log,
                       stderr=subprocess.STDOUT, check=True)  # fmt: skip
    return node, time.monotonic() - started


def _distributed(
    wrk: str, embedded: Path, key: str, vocab: workload.Vocabulary, work: Path,
    args: argparse.Namespace,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, float]]:  # fmt: skip
    from tests.servers import running_servers

    runs: dict[str, list[dict[str, Any]]] = {
        "1 node": [],
        "1 node + nginx": [],
        "2 nodes + nginx": [],
    }
    with ExitStack() as stack:
        servers = stack.enter_context(running_servers(work / "servers"))
        env = _places(servers)
        say("copying the catalog into PostgreSQL and S3 (photobank copy) ...")
        first, copy_seconds = _copy_into(embedded, work, env)
        second = work / "node-2"
        second.mkdir()
        shutil.copy2(first / "signing.key", second / "signing.key")
        node_env = {**env, **_BENCH_ENV, "PHOTOBANK_MODE": "library"}
        nodes = [
            stack.enter_context(server.running_server(d, key, work / f"{d.name}.log", 1, node_env))
            for d in (first, second)
        ]
        upstreams = [node.base_url.removeprefix("http://") for node in nodes]
        one, one_pid = stack.enter_context(_nginx(work, "nginx-1", upstreams[:1]))
        both, both_pid = stack.enter_context(_nginx(work, "nginx-2", upstreams))
        database = [int((work / "servers" / "pg" / "postmaster.pid").read_text().split()[0])]
        first_node, both_nodes = [nodes[0].pid], [nodes[0].pid, nodes[1].pid]
        plans: dict[str, tuple[str, dict[str, list[int]]]] = {
            "1 node": (nodes[0].base_url, {"photobank": first_node, "postgres": database}),
            "1 node + nginx": (
                one,
                {"photobank": first_node, "nginx": [one_pid], "postgres": database},
            ),
            "2 nodes + nginx": (
                both,
                {"photobank": both_nodes, "nginx": [both_pid], "postgres": database},
            ),
        }
        for turn in range(args.rounds):
            paths = workload.search_mix(vocab, SEARCH_MIX, args.seed + turn).urls()
            order = list(plans) if turn % 2 == 0 else list(reversed(plans))
            for name in order:
                say(f"distributed, round {turn + 1}/{args.rounds}: {name} ...")
                throughput.wait_for_quiet(30, say)
                base, parts = plans[name]
                runs.setdefault(name, []).append(
                    _run(wrk, base, key, parts, work, paths, name, args)
                )
        sizes = _sizes(embedded, servers, env, args.assets)
        sizes["copy_s"] = copy_seconds
    return runs, sizes


def _places(servers: Any) -> dict[str, str]:
    """A database and a bucket of the bench's own on ``servers``; the nodes' settings."""
    from sqlalchemy import create_engine, make_url

    admin = create_engine(servers.postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql('CREATE DATABASE "nodes"')
    admin.dispose()
    _s3(servers).create_bucket(Bucket=BUCKET)
    url = make_url(servers.postgres_url).set(database="nodes")
    return {
        "PHOTOBANK_DATABASE_URL": url.render_as_string(hide_password=False),
        "PHOTOBANK_REDIS_URL": servers.redis_url,
        "PHOTOBANK_MEDIA_URL": f"s3://{BUCKET}/media",
        "PHOTOBANK_S3_ENDPOINT_URL": servers.s3_endpoint,
        "PHOTOBANK_S3_ACCESS_KEY_ID": "bench",  # moto's server takes any
        "PHOTOBANK_S3_SECRET_ACCESS_KEY": "bench",
    }


def _s3(servers: Any) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=servers.s3_endpoint, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench")  # fmt: skip


def _sizes(embedded: Path, servers: Any, env: dict[str, str], assets: int) -> dict[str, float]:
    """Bytes per asset in each store, and Redis's memory after the runs."""
    import redis
    from sqlalchemy import create_engine, text

    def tree(path: Path) -> int:
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

    engine = create_engine(env["PHOTOBANK_DATABASE_URL"])
    with engine.connect() as conn:
        database = conn.execute(text(_TABLES_BYTES)).scalar_one()  # an empty database's 7 MB aside
        search = conn.execute(
            text("SELECT pg_total_relation_size('search_documents')")
        ).scalar_one()
    engine.dispose()
    objects = 0
    for page in _s3(servers).get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        objects += sum(item["Size"] for item in page.get("Contents", []))
    memory = redis.Redis.from_url(servers.redis_url).info("memory")["used_memory"]
    per_client = _redis_per_client(servers.redis_url)
    return {
        "sqlite": tree(embedded) - tree(embedded / "index") - tree(embedded / "media"),
        "tantivy": tree(embedded / "index"),
        "local media": tree(embedded / "media"),
        "postgresql": database,
        "postgresql search": search,
        "s3": objects,
        "redis_bytes": memory,
        "redis_per_client": per_client,
        "assets": assets,
    }


def _redis_per_client(url: str, clients: int = 100, qps: int = 50) -> float:
    """Redis bytes one busy API client takes: its sliding second full (``qps`` times)
    and its day's count, as the throttle writes them."""
    import redis

    from photobank.auth.throttle import Sliding, Window
    from photobank.state.redis_client import connect
    from photobank.state.redis_counters import RedisThrottleStore

    client = connect(url)
    store, now = RedisThrottleStore(client, "bench-sizing:"), time.time()
    before = int(redis.Redis.from_url(url).info("memory")["used_memory"])
    for number in range(clients):
        for request in range(qps):
            second = Sliding(f"{number}:qps", qps, 1.0, now + request * 1e-4)
            store.acquire([second, Window(f"{number}:daily", "2026-12-07", 0, 86_400)])
    after = int(redis.Redis.from_url(url).info("memory")["used_memory"])
    store.clear()
    client.close()
    return (after - before) / clients


def _table(title: str, runs: dict[str, list[dict[str, Any]]], target: float) -> None:
    print(f"\n{title}")
    print(f"{'':>16} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'photobank':>9} {'nginx':>6}"
          f" {'pg':>5} {'wrk':>5} {'rest':>5} {'load':>5} {'CPU µs/req':>10}"
          "  rounds (req/s)")  # fmt: skip
    medians = {}
    for name, results in runs.items():
        m = _median(results)
        medians[name] = m["rps"]
        ours = m["photobank"] + m["nginx"] + m["postgres"]
        # wrk's own accounting splits the machine into its server pid, wrk and the others
        rest = max(0.0, m["server_cpu"] + m["other_cpu"] - ours)
        print(
            f"{name:>16} {m['rps']:7.0f} {m['p50_ms']:7.2f} {m['p99_ms']:7.2f}"
            f" {m['photobank']:9.2f} {m['nginx']:6.2f} {m['postgres']:5.2f}"
            f" {m['wrk_cpu']:5.2f} {rest:5.2f} {m['load']:5.2f} {ours / m['rps'] * 1e6:10.0f}  "
            + ", ".join(f"{r['rps']:.0f}" for r in results)
        )
    names = list(medians)
    ratio = medians[names[-1]] / medians[names[0]]
    verdict = "meets" if ratio >= target else "misses"
    print(f"{names[-1]} / {names[0]}: {ratio:.2f}x ({verdict} the {target}x target)")


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    wrk = throughput.ensure_wrk()
    source = catalog.chosen_catalog(None, args.assets, args.seed)
    key = server.api_key(source)
    work = Path(tempfile.mkdtemp(prefix="bench-nodes-"))
    work.chmod(0o755)  # nginx's workers (nobody, when run as root) read under it
    try:
        embedded = copy_catalog(source, work / "embedded")
        shutil.copytree(source / "media", embedded / "media", dirs_exist_ok=True)
        services = build_services(catalog.settings_for(embedded))
        vocab = workload.sample_vocabulary(services, args.seed, ids=10, cold=0)
        services.close()
        started_load = os.getloadavg()
        embedded_runs = _embedded(wrk, embedded, key, vocab, args)
        node_runs, sizes = _distributed(wrk, embedded, key, vocab, work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"search mix on {source.name}, {args.connections} connections, wrk -t1, "
          f"{os.cpu_count()} cores; load average at start {started_load[0]:.2f}")  # fmt: skip
    _table("Embedded (SQLite, tantivy), one server", embedded_runs, TARGETS["workers"])
    _table("Distributed (PostgreSQL + RUM, Redis, S3), one worker per node", node_runs,
           TARGETS["nodes"])  # fmt: skip
    print("cores used during each run by photobank's processes, nginx, PostgreSQL (pg), wrk and"
          " the rest of the machine (Redis, S3, other work); load: 1-minute load average;"
          " CPU µs/req: photobank, nginx and PostgreSQL per answer")  # fmt: skip
    assets = sizes["assets"]
    copied = sizes["copy_s"]
    print(f"\nWhat {assets:,.0f} assets take, bytes per asset (photobank copy: {copied:.1f} s):")
    labels = {
        "sqlite": "SQLite store",
        "tantivy": "tantivy index",
        "local media": "local media",
        "postgresql": "PostgreSQL tables",
        "postgresql search": "  of which search",
        "s3": "S3 objects",
    }
    for name, label in labels.items():
        print(f"  {label:<20} {sizes[name] / assets:10,.0f}")
    print(f"  redis used_memory after the runs: {sizes['redis_bytes'] / 2**20:.1f} MiB;"
          f" {sizes['redis_per_client']:,.0f} bytes per API client at 50 QPS")  # fmt: skip


if __name__ == "__main__":
    main()
