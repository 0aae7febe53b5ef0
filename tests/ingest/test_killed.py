"""``photobank ingest`` killed with SIGKILL at seeded points, then run again: the catalog
ends exactly as one clean run leaves it, with no original that no row names, and its
search index answers as the clean one does."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from photobank.composition import build_services
from photobank.media.storage import fanned_key
from photobank.search.query import SearchQuery
from tests.deployment import deployed, environment, media_keys, store_reader
from tests.ingest.support import encoded, picture, with_metadata, write

FILES = 300
_COMPARED = {
    # date_submitted is the moment of ingest; every other column must match.
    "assets": "SELECT * FROM assets ORDER BY id",
    "ingested_files": "SELECT * FROM ingested_files ORDER BY asset_id",
    "visual_signatures": "SELECT * FROM visual_signatures ORDER BY asset_id",
    "asset_changes": "SELECT asset_id, change_type FROM asset_changes ORDER BY asset_id",
    "collections": "SELECT * FROM collections ORDER BY id",
    "keywords": "SELECT * FROM keywords ORDER BY id",
    "people": "SELECT * FROM people ORDER BY id",
    "locations": "SELECT * FROM locations ORDER BY id",
    "pending_originals": "SELECT * FROM pending_originals",
}


def _photos(folder: Path) -> None:
    rng = random.Random(14)
    cities = ["Oslo", "Lima", "Kyoto", "Accra"]
    for n in range(FILES):
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        iptc = {
            "Iptc.Application2.Keywords": [f"subject{n % 7}", f"mood{n % 3}"],
            "Iptc.Application2.City": cities[n % 4],
            "Iptc.Application2.CountryName": "Somewhere",
        }
        xmp = {"Xmp.iptcExt.PersonInImage": [f"Person {n % 5}"]}
        data = with_metadata(encoded(picture((48 + n % 9, 32), colour)), iptc, xmp)
        write(folder / f"{n // 50}" / f"photo{n:03d}.jpg", data)


def _start(data_dir: Path, photos: Path, index_at_end: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(**environment(data_dir), PHOTOBANK_HASH_COST="fast")
    env["PHOTOBANK_INGEST_INDEX_AT_END"] = str(index_at_end)
    data_dir.mkdir(exist_ok=True)
    with (data_dir / "ingest.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "photobank", "ingest", str(photos)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _counts(store: Engine) -> tuple[int, int]:
    """(assets, originals pending), as another process sees them."""
    try:
        with store.connect() as conn:
            assets = conn.exec_driver_sql("SELECT count(*) FROM assets").scalar_one()
            pending = conn.exec_driver_sql("SELECT count(*) FROM pending_originals").scalar_one()
    except DBAPIError:  # not created or migrated yet
        return 0, 0
    return int(assets), int(pending)


def _kill_when(
    process: subprocess.Popen[bytes], data_dir: Path, due: Callable[[int, int], bool], delay: float
) -> tuple[int, int]:
    """SIGKILL the run ``delay`` s after ``due(assets, pending)`` holds; what it left."""
    store = store_reader(data_dir)
    try:
        while not due(*_counts(store)):
            assert process.poll() is None, "the run ended before its kill point"
            time.sleep(0.002)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return _counts(store)
    finally:
        store.dispose()


def _log(data_dir: Path) -> str:
    return (data_dir / "ingest.log").read_text(errors="replace")


def _catalog(data_dir: Path) -> dict[str, list[tuple[tuple[str, object], ...]]]:
    store = store_reader(data_dir)
    try:
        with store.connect() as conn:
            found: dict[str, list[tuple[tuple[str, object], ...]]] = {}
            for name, query in _COMPARED.items():
                rows = [dict(row) for row in conn.exec_driver_sql(query).mappings()]
                for row in rows:
                    row.pop("date_submitted", None)
                found[name] = [tuple(sorted(row.items())) for row in rows]
    finally:
        store.dispose()
    return found


def _searches(data_dir: Path) -> dict[str, tuple[int, list[str]]]:
    """Total and every hit of searches over each subject, mood, city and person. Hits are
    compared as sets: equal scores are ranked by where the index holds each document,
    which a resumed run lays out in another order."""
    phrases = [f"subject{n}" for n in range(7)] + [f"mood{n}" for n in range(3)]
    phrases += ["Oslo", "Kyoto", "Person 3", "photo"]
    services = build_services(deployed(data_dir=data_dir, hash_cost="fast"))
    try:
        found = {}
        for phrase in phrases:
            page = services.search.search(SearchQuery(phrase=phrase, limit=FILES))
            found[phrase] = (page.total, sorted(asset.id for asset in page.assets))
    finally:
        services.close()
    return found


@pytest.mark.parametrize(
    "index_at_end", [FILES + 1, 1], ids=["indexed batch by batch", "indexed at the end"]
)
def test_a_killed_ingest_run_again_ends_as_a_clean_run(tmp_path: Path, index_at_end: int) -> None:
    photos = tmp_path / "photos"
    _photos(photos)
    clean_dir, crashed_dir = tmp_path / "clean", tmp_path / "crashed"
    assert _start(clean_dir, photos, index_at_end).wait(timeout=120) == 0, _log(clean_dir)
    points = random.Random(20261207)  # the same kill points on every run
    kills: list[Callable[[int, int], bool]] = [
        lambda assets, pending: pending > 0,  # originals being stored, no row yet
        lambda assets, pending: assets > 0,  # a batch in, the next one under way
        lambda assets, pending: pending > 0 or assets >= FILES // 2,
    ]
    left = []
    for due in kills:
        run = _start(crashed_dir, photos, index_at_end)
        left.append(_kill_when(run, crashed_dir, due, points.uniform(0, 0.03)))
    assert any(0 < assets < FILES for assets, _ in left), left  # killed part-way at least once
    assert any(pending for _, pending in left), left  # ... and with originals not yet committed
    assert _start(crashed_dir, photos, index_at_end).wait(timeout=120) == 0, _log(crashed_dir)
    expected = _catalog(clean_dir)
    assert len(expected["assets"]) == FILES
    assert _catalog(crashed_dir) == expected
    ids = [dict(row)["id"] for row in expected["assets"]]
    originals = {fanned_key("originals", str(i), ".jpg") for i in ids}
    assert media_keys(crashed_dir) == media_keys(clean_dir) == originals
    searches = _searches(clean_dir)
    assert sum(total for total, _ in searches.values()) > FILES
    assert _searches(crashed_dir) == searches
