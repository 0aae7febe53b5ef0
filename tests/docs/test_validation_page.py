"""docs/validation.md run as written: a demo photobank is the upstream of a validating proxy,
then validates its own answers."""

from __future__ import annotations

from pathlib import Path

from photobank.emulator.process import ServerOptions, free_port
from tests.deployment import running_emulator
from tests.docs.examples import Target, markdown, run_pytest_examples, run_shell


def test_the_validation_page_runs_as_written(tmp_path: Path) -> None:
    text = markdown("validation.md")
    text = text.replace("8081", str(free_port())).replace("8082", str(free_port()))
    (tmp_path / "upstream").mkdir()
    options = ServerOptions(assets=40, env={"PHOTOBANK_ADMIN_TOKEN": "my-admin-token"})
    with running_emulator(tmp_path / "upstream", options) as upstream:
        upstream.admin_token = "my-admin-token"  # the page's, set above for the server
        port = int(upstream.base_url.rsplit(":", 1)[1])
        done = run_shell(text, Target(port, free_port(), tmp_path / "upstream"), tmp_path / "work")
        upstream.reset()  # as the plugin's `photobank` fixture does before each test
        upstream.validate()  # as the page's photobank_options fixture asks
        assert run_pytest_examples(text, {"photobank": upstream}) == [
            "test_my_client_keeps_the_contract"
        ]
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "400 1 error, 1 warning: request query.sort_order: enum;" in out
    assert '"where":"query.phrse","what":"unknown parameter"' in out  # the proxy's journal
    assert '"ErrorCode":"InvalidParameterValue"' in out and "\n400\n" in out  # strict
    assert "1 warning: request query.phrse: unknown parameter\n" in out  # the emulator's own
