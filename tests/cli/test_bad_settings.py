"""A setting the server cannot take is one line naming it, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from photobank.cli.main import main
from tests.deployment import use_environment


def test_a_refused_setting_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("PHOTOBANK_WORKERS", "0")
    monkeypatch.setattr(sys, "argv", ["photobank", "serve"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: PHOTOBANK_WORKERS: Input should be greater than or equal to 1."
    ]
