"""``photobank watermarks``: rules an operator sets, lists and clears."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from photobank.config import Settings
from photobank.errors import InvalidParameter, NotFound
from photobank.services import build_services


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PHOTOBANK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    return CliRunner()


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_set_list_and_clear(run: CliRunner) -> None:
    assert "No rules" in _ok(run, "watermarks", "list")
    key = json.loads(_ok(run, "clients", "create", "web", "--json"))["api_key"]
    customer = json.loads(_ok(run, "customers", "create", "ann", "--json"))
    _ok(run, "watermarks", "set", "--off", "--family", "creative", "--size", "preview")
    _ok(run, "watermarks", "set", "--on", "--client", key)
    _ok(run, "watermarks", "set", "--off", "--customer", "ann", "--size", "comp")
    rules = json.loads(_ok(run, "watermarks", "list", "--json"))
    assert rules == [
        {"scope": f"customer:{customer['id']}", "asset_family": "any", "size": "comp",
         "watermarked": False},
        {"scope": f"client:{key}", "asset_family": "any", "size": "any", "watermarked": True},
        {"scope": "global", "asset_family": "creative", "size": "preview", "watermarked": False},
    ]  # fmt: skip
    marks = build_services(Settings()).watermarks.for_caller(key, customer["id"])
    assert marks.watermarked("editorial", "thumb") and not marks.watermarked("creative", "comp")
    assert "Removed 1 rule." in _ok(run, "watermarks", "clear", "--client", key)
    assert "Removed 0 rules." in _ok(run, "watermarks", "clear", "--client", key)
    assert "Removed 2 rules." in _ok(run, "watermarks", "clear", "--all")


def test_unknown_scopes_and_values_are_refused(run: CliRunner) -> None:
    unknown = run.invoke(app, ["watermarks", "set", "--on", "--client", "nope"])
    assert isinstance(unknown.exception, NotFound)
    nobody = run.invoke(app, ["watermarks", "set", "--on", "--customer", "42"])
    assert isinstance(nobody.exception, NotFound)
    size = run.invoke(app, ["watermarks", "set", "--on", "--size", "original"])
    assert isinstance(size.exception, InvalidParameter)
    assert run.invoke(app, ["watermarks", "set"]).exit_code != 0  # --on or --off is required
