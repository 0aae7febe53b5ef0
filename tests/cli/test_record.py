"""``photobank record`` refuses what it cannot use in one line, before serving anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from tests.deployment import use_environment


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    use_environment(monkeypatch, tmp_path / "data")
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    return CliRunner()


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            ["--mode", "sometimes"],
            "error: --mode must be one of once, none, new_episodes, all, spy",
        ),
        (["--max-age", "-1"], "error: --max-age must be a number of days, 0 or more"),
        (["--upstream", "ftp://example.com"], "error: --upstream: the upstream must be an http(s)"),
        (["--recording", "{broken}"], "error: {broken} is not a recording"),
    ],
)
def test_bad_options_are_one_line(
    run: CliRunner, tmp_path: Path, args: list[str], reason: str
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    args = [a.replace("{broken}", str(broken)) for a in args]
    reason = reason.replace("{broken}", str(broken))
    result = run.invoke(app, ["record", *args])
    assert result.exit_code == 1
    assert result.output.startswith(reason)
    assert "Traceback" not in result.output


def test_diff_without_a_recording_says_so(run: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run.invoke(app, ["record", "diff", "--recording", str(missing)])
    assert (result.exit_code, result.output) == (1, f"error: no recording at {missing}\n")
