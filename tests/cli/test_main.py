"""The ``photobank`` command, as an operator or a CI script would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app, main
from photobank.composition import build_services
from photobank.config import Settings
from photobank.errors import Conflict, InvalidParameter, NotFound
from tests.deployment import environment, use_environment


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    use_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")
    return CliRunner()


def invoke_json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_clients_create_list_rotate_and_limits(run: CliRunner) -> None:
    created = invoke_json(run, "clients", "create", "mobile app", "--qps", "5", "--daily", "1000")
    assert isinstance(created, dict)
    key, secret = created["api_key"], created["api_secret"]
    assert len(key) == 24 and len(secret) >= 40
    [listed] = invoke_json(run, "clients", "list")  # type: ignore[misc]
    assert listed == {
        "name": "mobile app",
        "api_key": key,
        "enabled": True,
        "qps_limit": 5,
        "daily_limit": 1000,
    }
    assert "api_secret" not in listed
    rotated = invoke_json(run, "clients", "rotate", key)
    assert isinstance(rotated, dict) and rotated["api_secret"] != secret
    assert run.invoke(app, ["clients", "limits", key, "--qps", "0", "--daily", "0"]).exit_code == 0
    assert run.invoke(app, ["clients", "disable", key]).exit_code == 0
    [listed] = invoke_json(run, "clients", "list")  # type: ignore[misc]
    assert listed["enabled"] is False and listed["qps_limit"] == 0


def test_a_client_is_given_to_a_customer_account(run: CliRunner) -> None:
    created = invoke_json(run, "clients", "create", "kiosk")
    invoke_json(run, "customers", "create", "owner")
    assert isinstance(created, dict)
    assert run.invoke(app, ["clients", "account", created["api_key"], "owner"]).exit_code == 0
    accounts = build_services(Settings()).accounts
    client = accounts.get_client_by_key(created["api_key"])
    assert client is not None and accounts.account_of(client) is not None
    unknown = run.invoke(app, ["clients", "account", created["api_key"], "nobody"])
    assert isinstance(unknown.exception, NotFound)
    assert run.invoke(app, ["clients", "account", created["api_key"]]).exit_code == 0
    again = build_services(Settings()).accounts.get_client_by_key(created["api_key"])
    assert again is not None and again.account_id is None


def test_customers_create_and_list(run: CliRunner) -> None:
    created = invoke_json(run, "customers", "create", "alice", "--email", "alice@example.com")
    assert isinstance(created, dict) and created["username"] == "alice" and created["password"]
    [listed] = invoke_json(run, "customers", "list")  # type: ignore[misc]
    assert listed["username"] == "alice" and listed["email"] == "alice@example.com"
    duplicate = run.invoke(app, ["customers", "create", "alice"])
    assert isinstance(duplicate.exception, Conflict)


def test_a_password_the_operator_typed_is_never_echoed(run: CliRunner) -> None:
    created = run.invoke(app, ["customers", "create", "bo", "--password", "s3cret-pass", "--json"])
    assert created.exit_code == 0 and "s3cret-pass" not in created.output
    assert json.loads(created.stdout)["username"] == "bo"


def test_domain_errors_are_one_line_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_environment(monkeypatch, tmp_path)
    monkeypatch.setattr(sys, "argv", ["photobank", "clients", "rotate", "nosuchkey"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert "error:" in capsys.readouterr().err


def test_demo_builds_a_catalog_and_prints_credentials(run: CliRunner) -> None:
    creds = invoke_json(run, "demo", "--assets", "200", "--seed", "7")
    assert isinstance(creds, dict) and set(creds) == {
        "api_key",
        "api_secret",
        "username",
        "password",
    }
    again = invoke_json(run, "demo", "--assets", "200", "--seed", "7")
    assert again == creds
    result = run.invoke(app, ["index", "rebuild"])
    assert result.exit_code == 0 and "200" in result.stdout


def test_watermark_rules_are_set_listed_and_cleared(run: CliRunner) -> None:
    def say(*args: str) -> str:
        result = run.invoke(app, ["watermarks", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "No rules" in say("list")
    key = invoke_json(run, "clients", "create", "web")["api_key"]  # type: ignore[index]
    customer = invoke_json(run, "customers", "create", "ann")
    assert isinstance(customer, dict)
    say("set", "--off", "--family", "creative", "--size", "preview")
    say("set", "--on", "--client", key)
    say("set", "--off", "--customer", "ann", "--size", "comp")
    assert invoke_json(run, "watermarks", "list") == [
        {"scope": f"customer:{customer['id']}", "asset_family": "any", "size": "comp",
         "watermarked": False},
        {"scope": f"client:{key}", "asset_family": "any", "size": "any", "watermarked": True},
        {"scope": "global", "asset_family": "creative", "size": "preview", "watermarked": False},
    ]  # fmt: skip
    marks = build_services(Settings()).watermarks.for_caller(key, customer["id"])
    assert marks.watermarked("editorial", "thumb") and not marks.watermarked("creative", "comp")
    assert "Removed 1 rule." in say("clear", "--client", key)
    assert "Removed 0 rules." in say("clear", "--client", key)
    assert "Removed 2 rules." in say("clear", "--all")


def test_watermark_rules_name_known_clients_customers_and_sizes(run: CliRunner) -> None:
    unknown = run.invoke(app, ["watermarks", "set", "--on", "--client", "nope"])
    assert isinstance(unknown.exception, NotFound)
    nobody = run.invoke(app, ["watermarks", "set", "--on", "--customer", "42"])
    assert isinstance(nobody.exception, NotFound)
    size = run.invoke(app, ["watermarks", "set", "--on", "--size", "original"])
    assert isinstance(size.exception, InvalidParameter)
    assert run.invoke(app, ["watermarks", "set"]).exit_code != 0  # --on or --off is required


def test_a_demo_build_logged_to_a_file_reports_its_progress(tmp_path: Path) -> None:
    env = {**os.environ, **environment(tmp_path), "PHOTOBANK_HASH_COST": "fast"}
    result = subprocess.run(
        [sys.executable, "-m", "photobank", "demo", "--assets", "120", "--batch", "20"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stderr.splitlines() if line.startswith("Building demo")]
    assert len(steps) >= 3 and steps[-1].startswith("Building demo catalog (120 assets): 100%")
