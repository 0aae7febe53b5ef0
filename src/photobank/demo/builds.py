"""Crash-safe demo builds: a demo catalog is served whole, or built again.

A build writes in many transactions (reference data; per batch, assets with
their change log, then their signatures; then the search index), so a kill
leaves a partial catalog that looks like any other. A row in the store's
``meta`` table tells them apart: "unfinished, seed S, N assets" is written in
the transaction that clears the catalog tables before the first write, and
"finished" once the index is built. The marker lives in the store, not in a
file beside it, so it commits with the rows it describes on SQLite and
PostgreSQL alike; ``meta`` is in the schema since the first migration, so
every existing store has it and no migration is needed.

A run that finds an unfinished build starts over rather than resuming.
Resuming would regenerate every earlier asset anyway (the generator draws
them in sequence) and would have to reconcile a batch saved without its
signatures and an index ahead of or behind the store; starting over leaves
one path, the clean build, at the cost of the time the killed build spent.
Media need no wiping in the normal case, since a build writes none (originals
are drawn on first request), but originals a server drew from the unfinished
catalog are deleted with it, so a record that changes is drawn afresh.

Never wiped: a store without a marker (an operator's own catalog, or a demo
built before markers existed), a finished demo (kept even when another seed
or size is asked for, as always; the run says so in one line), and an
unfinished demo whose assets or change log show writes the build did not make.
Demo accounts are not part of the marked build: they are made after it, each
step creating only what is missing, so a rerun completes them (see
``demo/credentials.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import islice

from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from photobank.composition import Services
from photobank.demo.generator import BATCH, asset_ids, build_demo_catalog
from photobank.errors import Conflict
from photobank.ingest.id_counter import forget_next_id
from photobank.media.originals import OriginalStore
from photobank.store import tables as t

_MARKER_KEY = "demo_build"
_REFERENCE = (t.collections, t.keywords, t.people, t.locations, t.events)
# Everything a build writes to the store, referring rows before the rows they refer to.
_CATALOG = (t.visual_signatures, t.asset_changes, t.assets, *reversed(_REFERENCE))
_RESTART_CHANGES = text("SELECT setval(pg_get_serial_sequence('asset_changes', 'seq'), 1, false)")


@dataclass(frozen=True, slots=True)
class DemoBuild:
    """What the marker records: a build's seed and size, and whether it finished."""

    seed: int
    assets: int
    finished: bool = False


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """What a run does with the store it finds.

    ``note`` is the one line to show the operator, if any; ``wipe`` holds the
    ids of the assets an unfinished build left, when there is one to clear.
    """

    build: bool
    note: str | None = None
    wipe: tuple[str, ...] | None = None


def recorded_build(engine: Engine) -> DemoBuild | None:
    """The demo build the store's marker records, or None when no demo build made it."""
    with engine.connect() as conn:
        value = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == _MARKER_KEY))
    return None if value is None else DemoBuild(**json.loads(value))


def plan_demo_build(engine: Engine, where: str, seed: int, assets: int) -> DemoPlan:
    """Whether to build the demo asked for into the store at ``engine`` (``where``: its name).

    Raises :class:`Conflict` for a store that must not be touched and cannot be
    built over.
    """
    recorded = recorded_build(engine)
    if recorded is None:
        return _plan_unmarked(engine, where)
    if recorded == DemoBuild(seed, assets, finished=True):
        return DemoPlan(build=False)
    if recorded.finished:
        return DemoPlan(
            build=False,
            note=f"{where} holds the demo catalog of seed {recorded.seed} ({recorded.assets:,}"
            f" assets), kept as it is; remove it to build seed {seed} ({assets:,} assets).",
        )
    left = _written_by(engine, recorded)
    if left is None:
        raise Conflict(
            f"{where} holds an unfinished demo catalog and assets that build did not write;"
            " not wiping them. Remove the data directory to build the demo."
        )
    same = (recorded.seed, recorded.assets) == (seed, assets)
    again = "it again" if same else f"seed {seed} ({assets:,} assets) instead"
    return DemoPlan(
        build=True,
        note=f"The demo catalog in {where} was left unfinished ({len(left):,} of"
        f" {recorded.assets:,} assets); building {again}.",
        wipe=left,
    )


def _plan_unmarked(engine: Engine, where: str) -> DemoPlan:
    """A store no demo build marked: build into it only when it holds no catalog at all."""
    with engine.connect() as conn:
        if conn.scalar(select(t.assets.c.id).limit(1)) is not None:
            return DemoPlan(build=False)
        if any(conn.scalar(select(func.count()).select_from(table)) for table in _REFERENCE):
            raise Conflict(
                f"{where} holds catalog reference data but no assets, and no demo build is"
                " recorded there (one interrupted before photobank recorded builds?);"
                " remove the data directory to build the demo."
            )
    return DemoPlan(build=True)


def _written_by(engine: Engine, build: DemoBuild) -> tuple[str, ...] | None:
    """The ids of the assets in the store, if ``build`` wrote them all and nothing else did.

    A build saves its ids in order, one ingest each, so it leaves exactly the
    first k of them and k changes; an operator's own asset, update or delete
    breaks one of the two.
    """
    with engine.connect() as conn:
        ids = tuple(conn.scalars(select(t.assets.c.id)))
        changes = conn.scalar(select(func.count()).select_from(t.asset_changes))
    if len(ids) > build.assets or changes != len(ids):
        return None
    return ids if set(ids) == set(islice(asset_ids(build.seed, build.assets), len(ids))) else None


def build_demo(
    services: Services,
    plan: DemoPlan,
    *,
    seed: int,
    assets: int,
    batch: int = BATCH,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Carry out a plan that builds: clear what an unfinished build left, build, mark finished."""
    # Originals first: once the rows are gone, nothing names the files any more.
    originals = OriginalStore(services.media_storage, services.catalog.reference)
    for asset_id in plan.wipe or ():
        originals.forget(asset_id)
    with services.engine.begin() as conn:
        if plan.wipe is not None:
            _clear_catalog(conn)
        _mark(conn, DemoBuild(seed, assets))
    build_demo_catalog(
        services.catalog.repository,
        assets=assets,
        seed=seed,
        progress=progress,
        workers=workers,
        batch=batch,
    )
    # One bulk rebuild indexes faster than replaying each change, and it drops
    # every document an unfinished build had indexed.
    services.index.rebuild()
    with services.engine.begin() as conn:
        _mark(conn, DemoBuild(seed, assets, finished=True))


def _clear_catalog(conn: Connection) -> None:
    for table in _CATALOG:
        conn.execute(delete(table))
    forget_next_id(conn)  # ids are allocated from the first again, as in a clean build
    # Change numbers start at 1 again, as in a clean build: SQLite numbers from
    # the highest row left (none), PostgreSQL's sequence has to be told.
    if conn.dialect.name == "postgresql":
        conn.execute(_RESTART_CHANGES)


def _mark(conn: Connection, build: DemoBuild) -> None:
    conn.execute(delete(t.meta).where(t.meta.c.key == _MARKER_KEY))
    conn.execute(insert(t.meta).values(key=_MARKER_KEY, value=json.dumps(asdict(build))))
