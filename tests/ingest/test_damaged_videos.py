"""Videos damaged in the middle (real clips, bytes overwritten): refused by name with the
time their frames stop decoding, from the command line and over the operator API,
while the rest of the run is ingested and no part of a refused video is kept."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.accounts.operators import OperatorCredential
from photobank.app import create_app
from photobank.cli import app
from photobank.clock import ManualClock
from photobank.composition import build_services
from tests.conftest import SECURE_BASE, START, ContractClient
from tests.deployment import deployed, use_environment
from tests.ingest.test_videos import encode

_KINDS = (("mp4", "libx264"), ("mov", "libx264"), ("webm", "libvpx"))


def _damaged(folder: Path) -> dict[str, bytes]:
    """A whole clip and, per container, one whose middle tenth is noise."""
    files = {"whole.mp4": encode(folder / "whole.mp4", frames=100).read_bytes()}
    for extension, codec in _KINDS:
        clip = encode(folder / f"clip.{extension}", extension, codec, frames=100)
        data = bytearray(clip.read_bytes())
        middle, tenth = len(data) // 2, len(data) // 10
        data[middle : middle + tenth] = random.Random(extension).randbytes(tenth)
        files[f"damaged.{extension}"] = bytes(data)
        clip.unlink()
    (folder / "whole.mp4").unlink()
    return files


def _check(failed: dict[str, str], added: list[str]) -> None:
    assert added == ["whole.mp4"]
    assert failed.keys() == {"damaged.mp4", "damaged.mov", "damaged.webm"}
    for name, reason in failed.items():
        assert "\n" not in reason and "Traceback" not in reason
        if name == "damaged.webm" and reason.startswith("truncated: "):
            continue  # Matroska's demuxer steps over the lost cluster: the frames end early
        assert reason.startswith("corrupt: its frames stop decoding at "), reason


def test_the_command_names_each_damaged_video_and_ingests_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_environment(monkeypatch, tmp_path / "data")
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    folder = tmp_path / "clips"
    for name, data in _damaged(folder).items():
        (folder / name).write_bytes(data)
    result = CliRunner().invoke(app, ["ingest", str(folder), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    failed = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    _check(failed, [Path(a["path"]).name for a in report["added"]])
    again = CliRunner().invoke(app, ["ingest", str(folder), "--json"])
    rerun = json.loads(again.stdout)
    assert (rerun["added"], len(rerun["unchanged"]), len(rerun["failed"])) == ([], 1, 3)


@pytest.fixture
def operator(tmp_path: Path) -> Iterator[tuple[ContractClient, str]]:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    services.accounts.create_client("damaged videos", api_key="damage-key", secret="s")
    token = OperatorCredential(services.engine).issue()
    client = ContractClient(
        create_app(settings, services), base_url=SECURE_BASE, headers={"Api-Key": "damage-key"}
    )
    try:
        yield client, token
    finally:
        services.close()


def test_the_operator_api_names_each_damaged_upload_and_ingests_the_rest(
    operator: tuple[ContractClient, str], tmp_path: Path
) -> None:
    client, token = operator
    parts = [
        ("files", (name, data, "application/octet-stream"))
        for name, data in _damaged(tmp_path / "clips").items()
    ]
    response = client.post(
        "/operator/v1/ingest", headers={"Authorization": f"Bearer {token}"}, files=parts
    )
    assert response.status_code == 200, response.text
    report = response.json()
    failed = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    _check(failed, [Path(a["path"]).name for a in report["added"]])
    found = client.get("/v3/search/videos").json()
    assert found["result_count"] == 1
