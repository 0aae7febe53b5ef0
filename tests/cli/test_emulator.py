"""``photobank fixtures load`` on a data directory and ``photobank emulator ...`` on a server."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app, main
from photobank.composition import build_services
from photobank.config import Settings
from photobank.testing import PhotobankEmulator
from tests.deployment import use_environment


def test_fixtures_load_writes_into_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_environment(monkeypatch, tmp_path / "data")
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    fixture = tmp_path / "getty.json"
    fixture.write_text(json.dumps([{"id": "200261415-001", "title": "From a file"}]))
    result = CliRunner().invoke(app, ["fixtures", "load", str(fixture)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["assets"] == ["200261415-001"]
    services = build_services(Settings())
    try:
        [asset] = services.catalog.get_assets(["200261415-001"]).values()
        assert asset.title == "From a file"
        assert services.search.sync() == 0  # indexed already
    finally:
        services.close()


def test_a_bad_fixture_file_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_environment(monkeypatch, tmp_path / "data")
    fixture = tmp_path / "bad.yaml"
    fixture.write_text("assets:\n  - id: 1\n    color_type: sepia\n")
    monkeypatch.setattr(sys, "argv", ["photobank", "fixtures", "load", str(fixture)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    assert "assets[0].color_type" in capsys.readouterr().err


@pytest.fixture
def emulator_cli(photobank: PhotobankEmulator, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PHOTOBANK_EMULATOR_URL", photobank.base_url)
    monkeypatch.setenv("PHOTOBANK_ADMIN_TOKEN", photobank.admin_token)
    return CliRunner()


def _ok(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, ["emulator", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_emulator_commands_drive_a_running_server(
    emulator_cli: CliRunner, photobank: PhotobankEmulator, tmp_path: Path
) -> None:
    assert _ok(emulator_cli, "status")["mode"] == "emulator"  # type: ignore[index]
    clock = _ok(emulator_cli, "clock", "--set", "2030-01-01T00:00:00+00:00", "--freeze")
    assert clock["now"].startswith("2030-01-01")  # type: ignore[index]
    assert _ok(emulator_cli, "clock", "--advance", "60")["now"].startswith("2030-01-01T00:01")  # type: ignore[index]
    rule = _ok(emulator_cli, "fault", "throttle-qps", "--path", "/v3/*", "--times", "1")
    assert rule["times"] == 1  # type: ignore[index]
    assert len(_ok(emulator_cli, "faults")) == 1  # type: ignore[arg-type]
    assert _ok(emulator_cli, "faults", "--clear") == []
    limits = _ok(emulator_cli, "limits", photobank.api_key, "--qps", "7")
    assert limits["qps_limit"] == 7  # type: ignore[index]
    fixture = tmp_path / "f.yaml"
    fixture.write_text("- id: 177996097\n")
    assert _ok(emulator_cli, "load", str(fixture))["assets"] == ["177996097"]  # type: ignore[index]
    assert _ok(emulator_cli, "snapshot", "mine")["name"] == "mine"  # type: ignore[index]
    assert _ok(emulator_cli, "restore", "mine")["restored"] == "mine"  # type: ignore[index]
    assert _ok(emulator_cli, "journal", "--count") == {"count": 0}
    missed = emulator_cli.invoke(app, ["emulator", "verify", "--path", "/v3/images/1"])
    assert missed.exit_code == 1 and "Nearest" not in missed.stdout
    assert _ok(emulator_cli, "reset")["restored"] == "seed"  # type: ignore[index]


def test_emulator_commands_report_refusals(
    emulator_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOTOBANK_ADMIN_TOKEN", "wrong")
    result = emulator_cli.invoke(app, ["emulator", "status"])
    assert result.exit_code == 1
    assert "403" in result.output
