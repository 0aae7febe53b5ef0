"""One writer of a data directory at a time, refused in one line that names the holder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from photobank.store.occupancy import Occupied, occupy
from tests.deployment import use_environment
from tests.ingest.support import encoded, picture, write


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    with occupy(tmp_path, "photobank serve"):
        with pytest.raises(Occupied) as refused, occupy(tmp_path, "photobank ingest"):
            pass
        assert str(refused.value) == (
            f"{tmp_path} is being served by photobank serve (pid {os.getpid()}): stop it first,"
            " or make the change through the running server"
            " (/operator/v1/, see docs/own-photos.md)."
        )
        with (
            pytest.raises(Occupied, match="a second server on one data directory"),
            occupy(tmp_path, "photobank serve"),
        ):
            pass
    with occupy(tmp_path, "photobank ingest"):  # free again
        pass


def test_commands_that_change_the_catalog_wait_for_the_server_and_readers_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    use_environment(monkeypatch, data_dir)
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    photo = write(tmp_path / "photos" / "a.jpg", encoded(picture()))
    with occupy(data_dir, "photobank serve"):
        refused = CliRunner().invoke(app, ["ingest", str(photo)])
        assert refused.exit_code == 1 and "is being served by photobank serve" in refused.output
        dry = CliRunner().invoke(app, ["ingest", str(photo), "--dry-run"])
        assert dry.exit_code == 0, dry.output
    added = CliRunner().invoke(app, ["ingest", str(photo), "--json"])
    assert added.exit_code == 0, added.output
