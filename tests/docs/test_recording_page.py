"""docs/recording.md run as written: a demo photobank plays Getty, the page records from it,
replays with nothing forwarded and checks for drift."""

from __future__ import annotations

from pathlib import Path

from photobank.emulator.process import ServerOptions, free_port
from tests.deployment import running_emulator
from tests.docs.examples import Target, markdown, run_shell


def test_the_recording_page_runs_as_written(tmp_path: Path) -> None:
    text = markdown("recording.md").replace("8081", str(free_port()))
    (tmp_path / "upstream").mkdir()
    with running_emulator(tmp_path / "upstream", ServerOptions(assets=40)) as upstream:
        port = int(upstream.base_url.rsplit(":", 1)[1])
        done = run_shell(text, Target(port, free_port(), tmp_path / "upstream"), tmp_path / "work")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count('"title"') >= 2  # recorded, then replayed
    assert '"ErrorCode":"NoRecordedAnswer"' in done.stdout and "\n404\n" in done.stdout
    assert "0 drifted" in done.stdout
    assert (tmp_path / "work" / "getty.json").exists()
