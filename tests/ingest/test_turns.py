"""Ingest runs over one catalog take turns: a file known by one name is one asset; a run
says once that it waits, and a bounded wait ends with nothing written."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from photobank.ingest.folders import FolderIngest, IngestReport
from photobank.ingest.options import IngestOptions
from photobank.ingest.turns import IngestBusy, ingest_turn
from tests.ingest.conftest import Library
from tests.ingest.support import encoded, picture


def test_two_runs_at_once_taking_one_name_make_one_asset_then_update_it(
    library: Library, tmp_path: Path
) -> None:
    runs = []
    for n, colour in enumerate([(10, 120, 200), (200, 120, 10), (90, 200, 90)]):
        path = tmp_path / f"run-{n}" / "quay.jpg"
        path.parent.mkdir()
        path.write_bytes(encoded(picture((64, 48), colour)))
        runs.append(str(path))

    def ingest(path: str) -> IngestReport:
        names = {path: "uploads/quay.jpg"}
        return FolderIngest(library.services, IngestOptions()).run([path], names=names)

    with ThreadPoolExecutor(len(runs)) as pool:
        reports = list(pool.map(ingest, runs))
    added = [entry for report in reports for entry in report.added]
    updated = [entry for report in reports for entry in report.updated]
    assert len(added) == 1 and updated == added * 2, reports
    assert added[0][0] == "uploads/quay.jpg"


def test_a_run_says_once_that_it_waits_for_another_then_runs(
    library: Library, tmp_path: Path
) -> None:
    photo = tmp_path / "quay.jpg"
    photo.write_bytes(encoded(picture((64, 48), (10, 120, 200))))
    said, other_ended = [], threading.Event()

    def waiting() -> None:
        said.append("waiting")
        other_ended.set()

    def other_run() -> None:
        with ingest_turn(library.services.engine, library.data_dir):
            held.set()
            assert other_ended.wait(20)
            time.sleep(0.2)  # the waiting run keeps waiting, and says nothing more

    held = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(other_run)
        assert held.wait(20)
        report = FolderIngest(library.services, IngestOptions()).run([str(photo)], waiting=waiting)
        other.result()
    assert said == ["waiting"]
    assert len(report.added) == 1


def test_a_run_that_would_wait_longer_than_its_bound_writes_nothing(
    library: Library, tmp_path: Path
) -> None:
    photo = tmp_path / "quay.jpg"
    photo.write_bytes(encoded(picture((64, 48), (10, 120, 200))))
    ingest = FolderIngest(library.services, IngestOptions())
    with ingest_turn(library.services.engine, library.data_dir):
        started = time.monotonic()
        with pytest.raises(IngestBusy):
            ingest.run([str(photo)], wait=0.3)
        assert 0.3 <= time.monotonic() - started < 5
    assert len(ingest.run([str(photo)]).added) == 1  # nothing of the refused run was kept
