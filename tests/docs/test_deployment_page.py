"""docs/deployment.md run as written: two workers start, say they are ready and count it."""

from __future__ import annotations

import json
from pathlib import Path

from photobank.emulator.process import free_port
from tests.docs.examples import Target, markdown, run_shell


def test_the_deployment_page_runs_as_written(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()  # an empty library
    target = Target(free_port(), free_port(), tmp_path / "data")
    done = run_shell(markdown("deployment.md"), target, tmp_path / "work", serve="background")
    assert done.returncode == 0, done.stdout + done.stderr
    assert '{"ready":true}' in done.stdout
    assert 'photobank_requests_total{route="/ready",status="200"} 1.0' in done.stdout
    log = (tmp_path / "work" / "server.log").read_text().splitlines()
    lines = [json.loads(line) for line in log if line.startswith('{"at"')]
    assert {(line["path"], line["status"]) for line in lines} >= {("/ready", 200)}
