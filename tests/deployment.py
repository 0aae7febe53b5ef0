"""Which deployment the suite runs against: embedded (the default) or distributed.

``PHOTOBANK_TEST_DEPLOYMENT=distributed`` runs every test that goes through
this module against real servers (tests/servers.py, started once per test
process on first use): each data directory a test makes gets its own
PostgreSQL database (copied from a template the migrations ran into once), its
own Redis key prefix and its own prefix in one S3 bucket. The same data
directory always gets the same ones, so a test that reopens a directory (a
restart, a second command) finds what it left. In the embedded run nothing
changes: SQLite, tantivy and files in the data directory.

Tests make their Settings with :func:`deployed`, give ``photobank`` child
processes :func:`environment` (or :func:`use_environment` for commands run
in-process), and start emulators with :func:`running_emulator`: the switch lives here
and nowhere else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tantivy
from sqlalchemy import Engine, create_engine, make_url

from photobank.config import Settings
from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions
from photobank.emulator.process import running_emulator as _running_emulator
from photobank.search._state import read_state
from photobank.store.engine import make_engine
from photobank.store.migrate import upgrade
from tests.servers import Missing, Servers, _postgres_bin, running_servers

DEPLOYMENT = os.environ.get("PHOTOBANK_TEST_DEPLOYMENT", "embedded")
DISTRIBUTED = DEPLOYMENT == "distributed"
IN_CI = os.environ.get("CI", "").lower() == "true"
BUCKET = "photobank-tests"
TEMPLATE = "photobank_template"
# Dummy credentials: moto's S3 server accepts any.
S3_KEY, S3_SECRET = "testing", "testing"


def missing_servers() -> str | None:
    """Why the distributed run cannot start here, or None when it can."""
    try:
        _postgres_bin()
    except Missing as exc:
        return str(exc)
    if shutil.which("redis-server") is None:
        return "Redis is not installed (Debian: redis-server)"
    return None


class _Distributed:
    """This test process's servers, the template database and each data directory's place."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stack = contextlib.ExitStack()
        self._servers: Servers | None = None
        self._places: dict[Path, dict[str, str]] = {}
        self._numbers = itertools.count(1)

    def servers(self) -> Servers:
        with self._lock:
            if self._servers is None:
                where = Path(tempfile.mkdtemp(prefix="photobank-servers-"))
                self._stack.callback(shutil.rmtree, where, ignore_errors=True)
                self._servers = self._stack.enter_context(running_servers(where))
                _prepare(self._servers)
            return self._servers

    def place(self, data_dir: Path) -> dict[str, str]:
        """The settings that give ``data_dir`` its own database, key prefix and media prefix."""
        servers, key = self.servers(), data_dir.resolve()
        with self._lock:
            if key not in self._places:
                number = next(self._numbers)
                database = f"photobank_{number}"
                _admin(servers, f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE}"')
                url = make_url(servers.postgres_url).set(database=database)
                self._places[key] = {
                    "database_url": url.render_as_string(hide_password=False),
                    "redis_url": servers.redis_url,
                    "redis_prefix": f"photobank-test-{number}:",
                    "media_url": f"s3://{BUCKET}/test-{number}",
                    "s3_endpoint_url": servers.s3_endpoint,
                    "s3_access_key_id": S3_KEY,
                    "s3_secret_access_key": S3_SECRET,
                }
            return self._places[key]

    def close(self) -> None:
        with self._lock:
            self._stack.close()
            self._servers = None
            self._places.clear()


def _admin(servers: Servers, statement: str) -> None:
    """Run one statement that cannot run in a transaction (CREATE DATABASE …)."""
    engine = create_engine(servers.postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _prepare(servers: Servers) -> None:
    """The migrated template database and the media bucket every test shares."""
    _admin(servers, f'CREATE DATABASE "{TEMPLATE}"')
    template = make_engine(
        make_url(servers.postgres_url).set(database=TEMPLATE).render_as_string(False)
    )
    try:
        upgrade(template)
    finally:
        template.dispose()  # a template with a session open cannot be copied
    _s3(servers).create_bucket(Bucket=BUCKET)


def _s3(servers: Servers) -> Any:
    """A boto3 client of the run's S3 server."""
    import boto3  # the distributed extra; the embedded run never needs it

    return boto3.client(
        "s3",
        endpoint_url=servers.s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
    )


_distributed = _Distributed()


def servers() -> Servers:
    """This process's real servers (distributed run only)."""
    if not DISTRIBUTED:
        pytest.skip("needs PHOTOBANK_TEST_DEPLOYMENT=distributed")
    return _distributed.servers()


def empty_database(name: str) -> str:
    """The URL of a new, empty PostgreSQL database ``name`` (distributed run only)."""
    found = servers()
    _admin(found, f'CREATE DATABASE "{name}"')
    return make_url(found.postgres_url).set(database=name).render_as_string(False)


def drop_database(url: str) -> None:
    """Drop the database at ``url``, cutting its sessions (a store that went away)."""
    _admin(servers(), f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)')


def deployed(**fields: Any) -> Settings:
    """``Settings(**fields)``, placed on this run's deployment.

    Fields the test gives win over the deployment's (a test of a setting sets it).
    """
    settings = Settings(**fields)
    if not DISTRIBUTED:
        return settings
    return Settings(**{**_distributed.place(settings.data_dir), **fields})


def migrated_engine(data_dir: Path) -> Engine:
    """An engine on ``data_dir``'s migrated store, for tests of one service over it."""
    engine = make_engine(deployed(data_dir=data_dir).db_url)
    upgrade(engine)
    return engine


def store_reader(data_dir: Path) -> Engine:
    """An engine reading ``data_dir``'s store as another process sees it, creating nothing
    (a test watching a ``photobank`` process): read-only SQLite, or its database."""
    if DISTRIBUTED:
        return make_engine(_distributed.place(data_dir)["database_url"], pool_size=1)
    return create_engine(f"sqlite:///file:{data_dir / 'photobank.db'}?mode=ro&uri=true")


def media_keys(data_dir: Path) -> set[str]:
    """The key of every object stored for ``data_dir``: its media directory's files, or
    the objects under its S3 prefix (what a killed write left included)."""
    if not DISTRIBUTED:
        root = deployed(data_dir=data_dir).media_dir
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    s3 = _s3(servers())
    prefix = _distributed.place(data_dir)["media_url"].removeprefix(f"s3://{BUCKET}/") + "/"
    keys: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        keys |= {item["Key"].removeprefix(prefix) for item in page.get("Contents", [])}
    unfinished = s3.list_multipart_uploads(Bucket=BUCKET, Prefix=prefix).get("Uploads", [])
    return keys | {f"{item['Key'].removeprefix(prefix)} (unfinished)" for item in unfinished}


def indexed(data_dir: Path) -> str:
    """What ``data_dir``'s search index holds, as ``seq S, N documents``: the tantivy
    index's state and documents, or PostgreSQL's search tables."""
    if not DISTRIBUTED:
        index = deployed(data_dir=data_dir).index_dir
        state = read_state(index)
        documents = tantivy.Index.open(str(index)).searcher().num_docs
        return f"seq {state and state.last_seq}, {documents} documents"
    tables = "SELECT (SELECT last_seq FROM search_state), (SELECT count(*) FROM search_documents)"
    engine = store_reader(data_dir)
    try:
        with engine.connect() as conn:
            seq, documents = conn.exec_driver_sql(tables).one()
    finally:
        engine.dispose()
    return f"seq {seq}, {documents} documents"


def environment(data_dir: Path) -> dict[str, str]:
    """The ``PHOTOBANK_*`` variables placing a child process over ``data_dir`` on this run's
    deployment (``PHOTOBANK_DATA_DIR`` included)."""
    env = {"PHOTOBANK_DATA_DIR": str(data_dir)}
    if DISTRIBUTED:
        place = _distributed.place(data_dir)
        env.update({f"PHOTOBANK_{name.upper()}": value for name, value in place.items()})
    return env


def use_environment(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """Commands invoked in-process (typer's runner) read the same variables from os.environ."""
    for name, value in environment(data_dir).items():
        monkeypatch.setenv(name, value)


@contextlib.contextmanager
def running_emulator(
    data_dir: Path, options: ServerOptions | None = None
) -> Iterator[PhotobankEmulator]:
    """photobank's own ``running_emulator`` over ``data_dir``, placed on this run's deployment."""
    options = options or ServerOptions()
    env = {**environment(data_dir), **options.env}
    with _running_emulator(data_dir, dataclasses.replace(options, env=env)) as running:
        yield running


def close() -> None:
    """Stop this process's servers (the end of the test session)."""
    _distributed.close()
