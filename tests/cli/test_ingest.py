"""``photobank ingest``: a summary or a JSON report, and exit code 1 when a file failed; it
says once that it waits for another run over the catalog."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from photobank.cli import ingest as ingest_cli
from photobank.ingest.turns import ingest_turn
from photobank.store.engine import make_engine
from tests.deployment import deployed, use_environment
from tests.ingest.support import encoded, picture, write


@pytest.fixture
def photos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_environment(monkeypatch, tmp_path / "data")
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    folder = tmp_path / "photos"
    write(folder / "a.jpg", encoded(picture()))
    write(folder / "b.png", encoded(picture(colour=(0, 80, 160)), "PNG"))
    return folder


def test_a_dry_run_reports_and_stores_nothing_then_a_run_stores(photos: Path) -> None:
    dry = CliRunner().invoke(app, ["ingest", str(photos), "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert [Path(a["path"]).name for a in json.loads(dry.stdout)["added"]] == ["a.jpg", "b.png"]
    real = CliRunner().invoke(app, ["ingest", str(photos), "--collection", "OWN", "--json"])
    assert len(json.loads(real.stdout)["added"]) == 2  # the dry run stored nothing
    again = CliRunner().invoke(app, ["ingest", str(photos), "--workers", "2"])
    assert again.exit_code == 0
    assert again.stdout.splitlines() == ["0 added, 0 updated, 2 unchanged, 0 failed"]


def test_a_failed_file_is_one_line_and_exit_code_1(photos: Path) -> None:
    write(photos / "broken.jpg", b"\xff\xd8\xff not really")
    result = CliRunner().invoke(app, ["ingest", str(photos)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "2 added, 0 updated, 0 unchanged, 1 failed"
    assert lines[1].startswith(f"failed: {photos / 'broken.jpg'}: not an image")
    assert "Traceback" not in result.output


def test_unknown_product_types_are_refused_before_any_work(photos: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(photos), "--product-types", "gold"])
    assert result.exit_code == 2
    assert "'gold' is not one of easyaccess" in result.output


def test_a_manifest_alone_ingests_its_rows_and_nothing_at_all_is_refused(photos: Path) -> None:
    rows = write(photos.parent / "rows.csv", b"id,title,width,height\n700,Drawn,640,480\n")
    result = CliRunner().invoke(app, ["ingest", "--manifest", str(rows), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == [{"path": "rows.csv:2", "id": "700"}]
    empty = CliRunner().invoke(app, ["ingest"])
    assert empty.exit_code == 2 and "give image files, folders or a --manifest" in empty.output


def test_a_file_over_the_size_limit_is_refused_unread(
    photos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOTOBANK_INGEST_MAX_FILE_SIZE", "1")
    write(photos / "big.jpg", b"\xff\xd8" + bytes(1024 * 1024))
    result = CliRunner().invoke(app, ["ingest", str(photos), "--json"])
    assert result.exit_code == 1
    (failed,) = json.loads(result.stdout)["failed"]
    assert failed == {
        "path": str(photos / "big.jpg"),
        "reason": "larger than the 1 MB a file may be (PHOTOBANK_INGEST_MAX_FILE_SIZE)",
    }


def test_a_run_says_once_that_it_waits_for_another_run_then_ingests(
    photos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = deployed(data_dir=photos.parent / "data")
    engine = make_engine(settings.db_url, pool_size=1)
    said = threading.Event()
    say = ingest_cli._say_waiting

    def saying() -> None:
        say()
        said.set()

    def other_run() -> None:
        with ingest_turn(engine, settings.data_dir):
            held.set()
            assert said.wait(30)

    monkeypatch.setattr(ingest_cli, "_say_waiting", saying)
    held = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(other_run)
        assert held.wait(30)
        result = CliRunner().invoke(app, ["ingest", str(photos)])
        other.result()
    engine.dispose()
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Waiting for another ingest run over this catalog to end") == 1
    assert result.stdout.splitlines() == ["2 added, 0 updated, 0 unchanged, 0 failed"]
