"""The record store on PostgreSQL: migrations from nothing, the pool, a database that goes away."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import exc, func, select, text
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.composition import build_services
from photobank.demo.credentials import ensure_demo_accounts
from photobank.errors import InvalidParameter
from photobank.store.engine import StoreUnavailable, make_engine, reading
from photobank.store.migrate import upgrade
from photobank.store.tables import metadata
from tests.deployment import (
    DISTRIBUTED,
    deployed,
    drop_database,
    empty_database,
    environment,
)
from tests.servers import free_port

pytestmark = pytest.mark.skipif(not DISTRIBUTED, reason="PostgreSQL runs in the distributed run")


def _store_tables(name: str | None, kind: str, _parents: object) -> bool:
    """The store's own tables; PostgreSQL-only migrations add the search backend's beside them."""
    return kind != "table" or name in metadata.tables


def test_migrations_build_the_declared_schema_on_an_empty_database() -> None:
    engine = make_engine(empty_database("from_nothing"))
    try:
        upgrade(engine)
        upgrade(engine)  # a second start finds nothing to do
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": _store_tables})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_a_process_holds_at_most_its_pool_and_reuses_it(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path, database_pool_size=3)
    engine = make_engine(settings.db_url, settings.database_pool_size, pool_timeout=0.2)
    database = engine.url.database
    count = (
        select(func.count()).select_from(text("pg_stat_activity")).where(text("datname = :name"))
    )
    try:
        held = [engine.connect() for _ in range(3)]
        with pytest.raises(exc.TimeoutError):  # a fourth waits, then fails: no overflow
            engine.connect()
        assert held[0].scalar(count, {"name": database}) == 3
        for conn in held:
            conn.close()
        with engine.connect() as conn:  # back from the pool, not a new session
            assert conn.scalar(count, {"name": database}) == 3
    finally:
        engine.dispose()


def _cut_sessions(tmp_path: Path, database: str | None) -> None:
    """End every session on ``database``, as a restart of PostgreSQL does (it waits for
    each to end)."""
    admin = make_engine(deployed(data_dir=tmp_path / "admin").db_url)
    try:
        with admin.connect() as conn:
            ended = conn.scalars(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                    " WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": database},
            ).all()
        assert ended and all(ended)
    finally:
        admin.dispose()


def test_sessions_cut_by_the_database_cost_no_failed_request(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path)
    engine = make_engine(settings.db_url, 2)
    try:
        held = [engine.connect() for _ in range(2)]
        for conn in held:
            assert conn.scalar(text("SELECT 1")) == 1
            conn.close()
        _cut_sessions(tmp_path, engine.url.database)
        for _ in range(3):  # every dead pooled session is noticed and replaced
            with engine.connect() as conn:
                assert conn.scalar(text("SELECT 1")) == 1
    finally:
        engine.dispose()


def test_a_session_cut_while_in_use_is_a_503_and_the_next_use_works(tmp_path: Path) -> None:
    engine = make_engine(deployed(data_dir=tmp_path).db_url, 2)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT 1")) == 1
            _cut_sessions(tmp_path, engine.url.database)
            with pytest.raises(StoreUnavailable, match="record store stopped answering"):
                conn.scalar(text("SELECT 1"))
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT 1")) == 1
    finally:
        engine.dispose()


def test_reads_run_outside_a_transaction_and_the_session_goes_back_to_transactions(
    tmp_path: Path,
) -> None:
    engine = make_engine(deployed(data_dir=tmp_path).db_url, 1)  # one session, lent twice
    started = text("SELECT now()")  # a transaction's start, or the statement's outside one
    try:
        with reading(engine) as conn:
            first = conn.scalar(started)
            conn.execute(text("SELECT pg_sleep(0.01)"))
            assert conn.scalar(started) > first  # each statement on its own
        with engine.connect() as conn:
            first = conn.scalar(started)
            conn.execute(text("SELECT pg_sleep(0.01)"))
            assert conn.scalar(started) == first  # one transaction, as writes need
    finally:
        engine.dispose()


def test_a_restarted_database_costs_searches_nothing(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path, hash_cost="fast", default_qps_limit=0)
    services = build_services(settings)
    try:
        key = ensure_demo_accounts(services.accounts, 42).api_key
        client = TestClient(create_app(settings, services), headers={"Api-Key": key})
        for phrase in ("lake", "mountain"):  # sessions pooled by the search and the store
            assert client.get("/v3/search/images", params={"phrase": phrase}).status_code == 200
        _cut_sessions(tmp_path, services.engine.url.database)
        for phrase in ("forest", "city", "beach"):
            answer = client.get("/v3/search/images", params={"phrase": phrase})
            assert answer.status_code == 200, answer.text
            assert "result_count" in answer.json()
    finally:
        services.close()


def test_an_unreachable_database_stops_a_command_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(environment(tmp_path))
    env["COLUMNS"] = "400"  # the message is one line, however long
    env["PHOTOBANK_DATABASE_URL"] = f"postgresql://photobank:secret@127.0.0.1:{free_port()}/gone"
    result = subprocess.run(
        [sys.executable, "-m", "photobank", "index", "sync"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    [line] = (result.stdout + result.stderr).strip().splitlines()
    assert line.startswith("error: the record store postgresql+psycopg://photobank:***@127.0.0.1")
    assert "does not answer" in line and "secret" not in line


def test_ready_says_when_the_store_is_gone(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path, hash_cost="fast")
    services = build_services(settings)
    try:
        client = TestClient(create_app(settings, services))
        assert client.get("/ready").json() == {"ready": True}
        drop_database(settings.db_url)
        answer = client.get("/ready")
        assert answer.status_code == 503
        assert "store" in answer.json()["failed"]
    finally:
        services.close()


def test_times_come_back_in_utc_whatever_the_servers_zone(tmp_path: Path) -> None:
    engine = make_engine(deployed(data_dir=tmp_path).db_url)
    try:
        with engine.begin() as conn:
            zone = f"ALTER DATABASE \"{engine.url.database}\" SET timezone = 'Asia/Tokyo'"
            conn.execute(text(zone))
        engine.dispose()  # new sessions start in the database's zone
        with engine.connect() as conn:
            when = conn.scalar(text("SELECT TIMESTAMPTZ '2026-06-01 12:00:00+00'"))
        assert when == datetime(2026, 6, 1, 12, tzinfo=UTC) and when.utcoffset() == timedelta(0)
    finally:
        engine.dispose()


def test_text_with_a_nul_character_is_bad_input_not_a_server_error(tmp_path: Path) -> None:
    """PostgreSQL cannot store or compare text holding NUL; SQLite could: no 500 either way."""
    settings = deployed(data_dir=tmp_path, hash_cost="fast", default_qps_limit=0)
    services = build_services(settings)
    try:
        key = ensure_demo_accounts(services.accounts, 42).api_key
        client = TestClient(create_app(settings, services), headers={"Api-Key": key})
        for path in ("/v3/images/123%00", "/v3/images?ids=1,2%00", "/v3/boards/a%00b"):
            assert 400 <= client.get(path).status_code < 500, path
        assert services.accounts.get_client_by_key(key + "\x00") is None  # as on SQLite
        with pytest.raises(InvalidParameter, match="NUL"):
            services.accounts.create_client("Nul\x00App")
    finally:
        services.close()
