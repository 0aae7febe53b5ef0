"""``photobank clients redirect-uris``, as an operator would use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from tests.deployment import use_environment


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    use_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    return CliRunner()


def _key(run: CliRunner) -> str:
    result = run.invoke(app, ["clients", "create", "web app", "--json"])
    key: str = json.loads(result.stdout)["api_key"]
    return key


def test_add_list_and_remove(run: CliRunner) -> None:
    key = _key(run)
    empty = run.invoke(app, ["clients", "redirect-uris", key])
    assert "cannot use the sign-in flows" in empty.stdout
    args = ["clients", "redirect-uris", key, "--add", "https://app.example/cb"]
    added = run.invoke(app, [*args, "--add", "http://127.0.0.1:9000/cb", "--json"])
    assert json.loads(added.stdout)["redirect_uris"] == [
        "https://app.example/cb",
        "http://127.0.0.1:9000/cb",
    ]
    removed = run.invoke(
        app, ["clients", "redirect-uris", key, "--remove", "https://app.example/cb"]
    )
    assert removed.stdout.split() == ["http://127.0.0.1:9000/cb"]


def test_a_refused_uri_names_the_problem(run: CliRunner) -> None:
    key = _key(run)
    result = run.invoke(app, ["clients", "redirect-uris", key, "--add", "http://app.example/cb"])
    assert result.exit_code != 0
    assert "is not allowed" in str(result.exception)
