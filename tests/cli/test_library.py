"""``photobank init`` and ``photobank operator-token``: secrets shown once, nothing issued twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.accounts.operators import OperatorCredential
from photobank.cli import app
from photobank.composition import build_services
from tests.deployment import deployed, use_environment


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_environment(monkeypatch, tmp_path / "data")
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    return tmp_path / "data"


def _verifies(data_dir: Path, token: str) -> bool:
    services = build_services(deployed(data_dir=data_dir))
    try:
        return OperatorCredential(services.engine).verify(token)
    finally:
        services.close()


def test_init_issues_a_token_a_client_and_a_certificate_once(data_dir: Path) -> None:
    first = CliRunner().invoke(app, ["init"])
    assert first.exit_code == 0, first.output
    token = re.search(r"Operator token: (pbo_\S+)", first.stdout)
    key = re.search(r"Api-Key: +(\S+)", first.stdout)
    assert token and key and (data_dir / "tls" / "ca.pem").is_file()
    assert _verifies(data_dir, token[1])
    assert f"Bearer {token[1]}" in first.stdout and "photobank ingest" in first.stdout
    again = CliRunner().invoke(app, ["init"])
    assert again.exit_code == 0 and "pbo_" not in again.stdout and "Api-Key" not in again.stdout
    assert _verifies(data_dir, token[1])  # still the one issued first


def test_operator_token_replaces_the_previous_one(data_dir: Path) -> None:
    old = CliRunner().invoke(app, ["operator-token"]).stdout.strip()
    new = CliRunner().invoke(app, ["operator-token"]).stdout.strip()
    assert old.startswith("pbo_") and new.startswith("pbo_") and old != new
    assert _verifies(data_dir, new) and not _verifies(data_dir, old)
