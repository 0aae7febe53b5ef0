"""``photobank customers grant`` and ``photobank customers products``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from photobank.errors import InvalidParameter, NotFound
from tests.deployment import use_environment


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    use_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    runner = CliRunner()
    assert runner.invoke(app, ["customers", "create", "alice"]).exit_code == 0
    return runner


def _json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_grant_and_list_products(run: CliRunner) -> None:
    granted = _json(
        run, "customers", "grant", "alice", "--type", "premiumaccess", "--limit", "100",
        "--duration", "month", "--overage", "5", "--expires", "2099-01-01",
    )  # fmt: skip
    assert isinstance(granted, dict)
    assert (granted["type"], granted["status"], granted["downloads_remaining"]) == (
        "premiumaccess",
        "active",
        100,
    )
    assert granted["expires_at"].startswith("2099-01-01")
    _json(run, "customers", "grant", "alice", "--type", "creditpack", "--credits", "30")
    listed = _json(run, "customers", "products", "alice")
    assert isinstance(listed, list)
    assert [(p["type"], p["credits_remaining"]) for p in listed] == [
        ("premiumaccess", None),
        ("creditpack", 30),
    ]
    text = run.invoke(app, ["customers", "products", "alice"]).stdout
    assert "100/100 downloads left per month, expires 2099-01-01" in text
    assert "30 credits" in text


def test_an_expired_grant_reads_expired(run: CliRunner) -> None:
    granted = _json(run, "customers", "grant", "alice", "--type", "imagepack", "--limit", "3",
                    "--expires", "2001-01-01T10:00:00+02:00")  # fmt: skip
    assert isinstance(granted, dict) and granted["status"] == "expired"
    assert granted["expires_at"].startswith("2001-01-01 08:00:00")


def test_mistakes_are_refused(run: CliRunner) -> None:
    unknown = run.invoke(app, ["customers", "grant", "bob", "--type", "imagepack"])
    assert isinstance(unknown.exception, NotFound)
    bad_type = run.invoke(app, ["customers", "grant", "alice", "--type", "gold"])
    assert isinstance(bad_type.exception, InvalidParameter)
    bad_date = run.invoke(app, ["customers", "grant", "alice", "--type", "imagepack",
                                "--expires", "soon"])  # fmt: skip
    assert bad_date.exit_code == 2 and "--expires" in bad_date.output
    assert "alice has no products." in run.invoke(app, ["customers", "products", "alice"]).stdout
