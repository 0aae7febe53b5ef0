"""Real ``photobank`` processes killed with SIGKILL mid-build: the next run explains and
rebuilds, and the catalog it leaves equals a clean build's, record for record."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from photobank.emulator.process import free_port
from tests.deployment import environment, indexed, store_reader

ASSETS, BATCH, SEED = 400, 50, 11
DEMO = ["demo", "--assets", str(ASSETS), "--seed", str(SEED), "--batch", str(BATCH)]
# Compared as stored, minus what a clock or a salt decides (times, secret hashes, periods).
_COLUMNS = {
    "collections": "*",
    "keywords": "*",
    "people": "*",
    "locations": "*",
    "events": "*",
    "assets": "*",
    "visual_signatures": "*",
    "asset_changes": "seq, asset_id, change_type",
    "api_clients": "id, name, api_key, enabled, qps_limit, daily_limit, grant_types",
    "oauth_redirect_uris": "client_id, uri",
    "customers": "id, username, first_name, middle_name, last_name, email, enabled",
    "products": "id, customer_id, type, name, agreement_name, status, download_limit,"
    " limit_duration, overage_limit, credits_remaining, team_credits",
    # The reference stamp is a random token written anew with every reference row added
    # (catalog/repository.py): that it is there compares, not its value.
    "meta": "key, CASE key WHEN 'catalog.reference_stamp' THEN '' ELSE value END",
}

State = tuple[str | None, int]  # (the demo marker, assets written), as another process sees them
Run = tuple[subprocess.Popen[bytes], Path]  # a process and the file its output goes to


class Builds:
    """``photobank`` processes started by a test; the ones still running are killed after it."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, data_dir: Path, args: list[str], name: str) -> Run:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
        env.update(
            **environment(data_dir),
            PHOTOBANK_HASH_COST="fast",
            PHOTOBANK_DEMO_ASSETS=str(ASSETS),
            PHOTOBANK_DEMO_SEED=str(SEED),
            PHOTOBANK_PORT=str(free_port()),
            PHOTOBANK_HTTPS_PORT="0",
        )
        log = data_dir.parent / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "photobank", *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a group: its signature workers are killed with it
            )
        self.started.append(process)
        return process, log


@pytest.fixture
def builds() -> Iterator[Builds]:
    made = Builds()
    yield made
    for process in made.started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _state(store: Engine) -> State | None:
    try:
        with store.connect() as conn:
            marker = conn.exec_driver_sql(
                "SELECT value FROM meta WHERE key = 'demo_build'"
            ).scalar()
            assets = conn.exec_driver_sql("SELECT count(*) FROM assets").scalar_one()
    except DBAPIError:  # not created or migrated yet
        return None
    return marker, int(assets)


def _kill_when(
    data_dir: Path, process: subprocess.Popen[bytes], due: Callable[[State], bool], delay: float
) -> int:
    """SIGKILL the process (and its workers) ``delay`` s after ``due`` holds; assets left."""
    store = store_reader(data_dir)
    try:
        while (state := _state(store)) is None or not due(state):
            assert process.poll() is None, "the build ended before its kill point"
            time.sleep(0.005)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
        left = _state(store)
    finally:
        store.dispose()
    assert left is not None and '"finished": false' in str(left[0])
    return left[1]


def _digest(data_dir: Path) -> dict[str, str]:
    """A digest per table, and what the search index holds."""
    store = store_reader(data_dir)
    try:
        with store.connect() as conn:
            rows = {
                table: conn.exec_driver_sql(
                    f"SELECT {columns} FROM {table} ORDER BY 1, 2"
                ).fetchall()
                for table, columns in _COLUMNS.items()
            }
    finally:
        store.dispose()
    found = {table: hashlib.sha256(repr(r).encode()).hexdigest() for table, r in rows.items()}
    found["index"] = indexed(data_dir)
    return found


def _explained(log: Path, data_dir: Path, left: int | None) -> None:
    """The run's output explains the rebuild of what a killed run ``left`` (None: none)."""
    text = log.read_text()
    assert "Traceback" not in text, text
    said = [line for line in text.splitlines() if "unfinished" in line]
    if left is None:
        assert said == []
    else:
        assert said == [
            f"The demo catalog in {data_dir} was left unfinished ({left:,} of {ASSETS:,} assets);"
            " building it again."
        ]


def _killed(
    builds: Builds,
    data_dir: Path,
    args: list[str],
    left: int | None,
    due: Callable[[State], bool],
    delay: float,
) -> int:
    """Run over what a killed run ``left``, kill this one too once ``due``; what it leaves."""
    process, log = builds.start(data_dir, args, f"killed-{len(builds.started)}")
    leaves = _kill_when(data_dir, process, due, delay)
    _explained(log, data_dir, left)
    return leaves


def test_a_build_killed_anywhere_is_rebuilt_as_a_clean_build(
    builds: Builds, tmp_path: Path
) -> None:
    clean_dir, crashed = tmp_path / "clean", tmp_path / "crashed"
    clean, clean_log = builds.start(clean_dir, DEMO[:-2], "clean")  # one batch: no difference
    points = random.Random(20261123)  # random kill points, the same on every run
    # At least two batches remain after the kill point, and the kill follows it within
    # 50 ms: a fast machine must not finish the build before the kill lands.
    between = points.randrange(1, ASSETS // BATCH - 1) * BATCH

    left = _killed(builds, crashed, DEMO, None, lambda s: s[0] is not None and s[1] == 0, 0)
    assert left == 0  # before the first batch
    left = _killed(builds, crashed, DEMO, left, lambda s: s[1] >= between, points.uniform(0, 0.05))
    assert 0 < left < ASSETS and left % BATCH == 0  # between batches
    # The server's build (one batch of every asset), killed once it has cleared what the
    # killed run left and is writing its own.
    serve = ["serve", "--demo"]
    left = _killed(builds, crashed, serve, left, lambda s: s[1] == 0, points.uniform(0, 0.05))
    assert left == 0

    last, log = builds.start(crashed, DEMO, "completed")
    assert last.wait(timeout=300) == 0
    _explained(log, crashed, left)
    assert clean.wait(timeout=300) == 0, clean_log.read_text()
    assert _digest(crashed) == _digest(clean_dir)
