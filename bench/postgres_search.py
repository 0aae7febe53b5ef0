"""PostgreSQL search (RUM) next to the embedded tantivy index, over one catalog.

``python -m bench.postgres_search [--assets N]`` loads the first N assets (by
id) of the 1M SQLite bench catalog and its reference data into PostgreSQL with
COPY, builds the PostgreSQL search table (timed), and searches both backends
with the bench's own cases (one word; three words; a word and two filters;
newest first; a deep page; editorial facets; videos), one request at a time,
printing p50/p99 side by side: PostgreSQL working every search out afresh
(``rum``: nothing kept from the searches before) and as served (``rum reuse``:
totals and facets kept for conditions searched before, as the cases draw
their words again), and afresh with equal distances ordered by the index's key alone
(``rum no-len``: without the length-aware order, whose cost the ratio shows).
Unless ``--no-gin``, the same table under a
plain GIN index instead of the two RUM ones is measured too (fewer requests:
it is slow), which is why the backend uses RUM. Without ``--database-url`` a
PostgreSQL with RUM is started for the run (tests/servers.py). The embedded
index is the catalog's own at its full size, else one built over the subset.
Prints figures; asserts no timing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from unittest import mock

from sqlalchemy import Engine, create_engine, make_url, text

from bench.catalog import OUT, catalog_dir, settings_for
from bench.latency import Summary, summarize
from bench.report import say
from bench.workload import Case, build_cases, sample_vocabulary
from photobank.catalog.repository import CatalogRepository
from photobank.clock import SystemClock
from photobank.composition import Services
from photobank.search import _pg_ties
from photobank.search.postgres_backend import PostgresSearchBackend
from photobank.search.query import SearchBackend
from photobank.search.tantivy_backend import TantivySearchBackend
from photobank.store.engine import make_engine
from photobank.store.migrate import upgrade

# What the catalog repository reads; asset_changes stay behind (the table is built whole).
_TABLES = ("collections", "keywords", "people", "locations", "events", "assets")
_RUM_INDEXES = ("search_documents_ranked", "search_documents_dated")
_WORK_MEM = "32MB"  # bitmaps of a common word's matches stay exact (no heap rechecks)
_WARMUP = 20


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.postgres_search", description=__doc__)
    p.add_argument("--assets", type=int, default=1_000_000, help="assets loaded (default 1M)")
    p.add_argument("--catalog", type=Path, default=catalog_dir(1_000_000), help="SQLite catalog")
    p.add_argument("--requests", type=int, default=200, help="requests per case and backend")
    p.add_argument("--gin-requests", type=int, default=30, help="requests per case under GIN")
    p.add_argument("--no-gin", action="store_true", help="skip the plain GIN comparison")
    p.add_argument("--database-url", help="a PostgreSQL (with rum) superuser URL to use")
    p.add_argument("--reuse", action="store_true", help="with --database-url: keep its load")
    p.add_argument("--name", default="bench_search", help="the database loaded (and reused)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json", type=Path, help="also write the figures here")
    return p.parse_args(argv)


@contextlib.contextmanager
def postgres_server(url: str | None) -> Iterator[str]:
    """A PostgreSQL (with RUM) superuser URL: ``url``, or a server started for the block
    as the tests start theirs."""
    if url is not None:
        yield url
        return
    from tests.servers import running_servers

    with (
        tempfile.TemporaryDirectory(prefix="bench-pg-") as where,
        running_servers(Path(where)) as servers,
    ):
        yield servers.postgres_url


def new_database(admin_url: str, name: str, template: str | None = None) -> str:
    """The URL of database ``name``, made anew (from ``template`` if given)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
        conn.exec_driver_sql(f"ALTER DATABASE \"{name}\" SET work_mem = '{_WORK_MEM}'")
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def load(catalog: Path, engine: Engine, assets: int) -> int:
    """The reference data and the first ``assets`` assets of the SQLite ``catalog``,
    COPYed into the migrated store at ``engine``; returns the assets loaded."""
    source = sqlite3.connect(f"file:{catalog / 'photobank.db'}?mode=ro", uri=True)
    loaded = 0
    with engine.begin() as conn:
        raw = cast(Any, conn.connection.driver_connection)
        raw.execute("SET TIME ZONE 'UTC'")
        raw.execute("SET session_replication_role = replica")  # references checked at the source
        for table in _TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{c}"' for c in columns)
            query = f"SELECT {names} FROM {table}"
            if table == "assets":
                query += f" ORDER BY id LIMIT {assets}"
            statement = f"COPY {table} ({names}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in source.execute(query):
                    copy.write_row(row)
                    loaded += table == "assets"
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    return loaded


def _timed(
    backend: SearchBackend, case: Case, count: int, afresh: Callable[[], None] | None = None
) -> Summary:
    """``count`` requests of ``case``; ``afresh`` (untimed) before each one."""
    queries = case.queries()
    for query in queries[:_WARMUP]:
        backend.search(query)
    samples = []
    for query in queries[:count]:
        if afresh is not None:
            afresh()
        start = time.perf_counter()
        backend.search(query)
        samples.append(time.perf_counter() - start)
    return summarize(samples)


def _without_lengths(run: Callable[[], Summary]) -> Summary:
    """``run`` with hits of equal RUM distance ordered without their field lengths."""
    with mock.patch.object(_pg_ties, "relevances", lambda *_args: {}):
        return run()


def _swap_to_gin(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for name in _RUM_INDEXES:
            conn.execute(text(f"DROP INDEX {name}"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        conn.execute(text("CREATE INDEX search_gin ON search_documents USING gin (document)"))
    with engine.connect() as conn:
        vacuum = text("VACUUM ANALYZE search_documents")
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(vacuum)
    engine.dispose()


def _sizes(engine: Engine) -> dict[str, int]:
    sql = (
        "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c"
        " WHERE c.relname LIKE 'search_%' AND c.relkind IN ('r', 'i')"
    )
    with engine.connect() as conn:
        return {str(name): int(size) for name, size in conn.execute(text(sql))}


def _setting(engine: Engine, name: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT current_setting(:name)"), {"name": name}).scalar())


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM assets")).scalar_one())


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _stamp(started: float, what: str) -> float:
    now = time.perf_counter()
    say(f"  {what}: {now - started:.1f} s")
    return now


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    if not (args.catalog / "photobank.db").exists():
        raise SystemExit(f"no catalog in {args.catalog} (python -m bench.catalog builds one)")
    figures: dict[str, Any] = {"assets": args.assets, "load_before": os.getloadavg()}
    sqlite_engine = make_engine(settings_for(args.catalog).db_url)
    source = CatalogRepository(sqlite_engine, SystemClock())
    with postgres_server(args.database_url) as admin:
        reused = args.reuse and args.database_url is not None
        if reused:
            url = make_url(admin).set(database=args.name).render_as_string(False)
            engine = make_engine(url)
            figures["assets"] = _count(engine)
        else:
            url = new_database(admin, args.name)
            engine = make_engine(url)
            upgrade(engine)
        started = time.perf_counter()
        if not reused:
            figures["assets"] = load(args.catalog, engine, args.assets)
            started = _stamp(started, f"COPY of {figures['assets']:,} assets")
        repo = CatalogRepository(engine, SystemClock())
        postgres = PostgresSearchBackend(engine, repo)
        figures["postgres_build_s"] = None if reused else time.perf_counter() - started
        started = _stamp(started, "PostgreSQL search table and RUM indexes ready")
        figures["postgres_bytes"] = _sizes(engine)
        figures["shared_buffers"] = _setting(engine, "shared_buffers")
        if figures["assets"] >= _count(sqlite_engine):  # the catalog's own index
            index_dir = args.catalog / "index"
            embedded = TantivySearchBackend(index_dir, source)
        else:  # kept for --reuse
            index_dir = OUT / f"postgres-search-{figures['assets']}" / "index"
            embedded = TantivySearchBackend(index_dir, repo)
            figures["tantivy_build_s"] = time.perf_counter() - started
            _stamp(started, "tantivy index built")
        figures["tantivy_bytes"] = _dir_bytes(index_dir)
        sampler = SimpleNamespace(engine=sqlite_engine, index=embedded)
        vocabulary = sample_vocabulary(cast(Services, sampler), args.seed, ids=0, cold=0)
        cases = build_cases(vocabulary, max(args.requests, args.gin_requests) + _WARMUP, args.seed)
        runs: dict[str, Callable[[Case], Summary]] = {
            "tantivy": lambda case: _timed(embedded, case, args.requests),
            "rum": lambda case: _timed(postgres, case, args.requests, postgres.clear_caches),
            "rum reuse": lambda case: _timed(postgres, case, args.requests),
            "rum no-len": lambda case: _without_lengths(
                lambda: _timed(postgres, case, args.requests, postgres.clear_caches)
            ),
        }
        rows: dict[str, dict[str, Summary]] = {case.key: {} for case in cases}
        for case in cases:  # a case's runs one after another: under one load
            for name, run in runs.items():
                rows[case.key][name] = run(case)
                say(f"  {name:8} {case.label:22} {rows[case.key][name].p50:8.1f} ms p50")
        if not args.no_gin:
            postgres.close()
            engine.dispose()
            gin_url = new_database(admin, f"{args.name}_gin", template=args.name)
            _swap_to_gin(gin_url)
            gin_engine = make_engine(gin_url)
            gin = PostgresSearchBackend(gin_engine, CatalogRepository(gin_engine, SystemClock()))
            for case in cases:
                rows[case.key]["gin"] = _timed(gin, case, args.gin_requests)
                say(f"  {'gin':8} {case.label:22} {rows[case.key]['gin'].p50:8.1f} ms p50")
            gin.close()
            gin_engine.dispose()
        embedded.close()
    figures["load_after"] = os.getloadavg()
    figures["cases"] = {
        case.label: {name: summary.as_dict() for name, summary in rows[case.key].items()}
        for case in cases
    }
    _report(figures)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2))


def _report(figures: dict[str, Any]) -> None:
    print(f"search over {figures['assets']:,} assets, one request at a time (ms)")
    before, after = _load(figures["load_before"]), _load(figures["load_after"])
    print(f"load average before {before}, after {after}")
    print(f"PostgreSQL shared_buffers {figures['shared_buffers']}, work_mem {_WORK_MEM}")
    names = list(next(iter(figures["cases"].values())))
    header = "".join(f"{name + ' p50':>15}{name + ' p99':>15}" for name in names)
    print(f"{'case':24}{header}")
    for label, by_backend in figures["cases"].items():
        cells = "".join(f"{s['p50_ms']:15.1f}{s['p99_ms']:15.1f}" for s in by_backend.values())
        print(f"{label:24}{cells}")
    if figures["postgres_build_s"] is not None:
        print(f"PostgreSQL table + indexes built in {figures['postgres_build_s']:.0f} s")
    for name, size in sorted(figures["postgres_bytes"].items()):
        print(f"  {name:32} {size / 2**20:10.0f} MiB")
    print(f"  tantivy index                    {figures['tantivy_bytes'] / 2**20:10.0f} MiB")


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
