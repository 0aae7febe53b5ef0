"""Ingest runs over one catalog take turns: a file known by one name is one asset."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from photobank.ingest.folders import FolderIngest, IngestOptions, IngestReport
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
