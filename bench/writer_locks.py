"""What the asset writers' locks cost a save, beside the smallest write a save makes.

A save holds the writing lock (shared) and, when it adds assets, the ids lock
(:mod:`photobank.ingest.writing`); on SQLite two ``flock`` on files beside the
database, on PostgreSQL advisory locks on a connection of the save's own. A
save that adds reference rows also holds the reference lock while it checks its
cached reference rows against the store's (``--keywords`` rows, as a catalog's
vocabulary). Each is timed over ``--saves`` rounds, with the baseline a save
cannot do without measured in the same run: one committed one-row write on the
same store. The load average is printed before and after: the box is shared.

    python -m bench.writer_locks [--saves 2000] [--keywords 20000] [--postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, delete, insert

from photobank.catalog.repository import CatalogRepository
from photobank.clock import SystemClock
from photobank.ingest.writing import writer_locks
from photobank.store import tables as t
from photobank.store.engine import make_engine
from photobank.store.migrate import upgrade


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.writer_locks", description=__doc__)
    p.add_argument("--saves", type=int, default=2_000, help="rounds of each measure")
    p.add_argument("--keywords", type=int, default=20_000, help="keyword rows in the store")
    p.add_argument("--postgres", action="store_true", help="also on a PostgreSQL started here")
    return p.parse_args(argv)


def _timed(rounds: int, step: Callable[[], None]) -> tuple[float, float]:
    """p50 and p99 of ``step``, in ms."""
    taken = []
    for _ in range(rounds):
        started = time.perf_counter()
        step()
        taken.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(taken, n=100)
    return cuts[49], cuts[98]


def _measure(name: str, engine: Engine, rounds: int, keywords: int) -> None:
    upgrade(engine)
    locks = writer_locks(engine)
    repository = CatalogRepository(engine, SystemClock())
    rows = [{"id": n, "text": f"keyword {n}", "type": "Unknown"} for n in range(keywords)]
    with engine.begin() as conn:
        conn.execute(insert(t.keywords), rows)
    repository.reference()

    def held(adding: bool) -> Callable[[], None]:
        def step() -> None:
            with locks.saving(adding, None):
                pass

        return step

    def one_row() -> None:
        with engine.begin() as conn:
            conn.execute(delete(t.pending_originals))
            conn.execute(insert(t.pending_originals).values(asset_id="100000001"))

    def adding_reference() -> None:
        with locks.saving(False, None), locks.adding_reference():
            repository.reference(fresh=True)

    base = _timed(rounds, one_row)
    measures = (
        ("an edit's lock", held(False)),
        ("an adding save's", held(True)),
        ("a new keyword's", adding_reference),
    )
    for label, step in measures:
        p50, p99 = _timed(rounds, step)
        print(
            f"{name:10} {label:18} p50 {p50:7.3f} ms  p99 {p99:7.3f} ms"
            f"  ({p50 / base[0]:.2f} x a one-row commit, p50 {base[0]:.3f} ms)"
        )


@contextlib.contextmanager
def _postgres(where: Path) -> Iterator[str]:
    from tests.servers import running_servers

    with running_servers(where) as servers:
        yield servers.postgres_url


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="photobank-locks-") as where:
        sqlite = make_engine(f"sqlite:///{Path(where) / 'photobank.db'}")
        _measure("SQLite", sqlite, args.saves, args.keywords)
        sqlite.dispose()
        if args.postgres:
            with _postgres(Path(where)) as url:
                postgres = make_engine(url, pool_size=2)
                _measure("PostgreSQL", postgres, args.saves, args.keywords)
                postgres.dispose()
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
