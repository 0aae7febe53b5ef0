"""docs/ai-generator.md run as written against a demo server: generate, poll, download."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from photobank.emulator.process import ServerOptions, free_port
from tests.deployment import running_emulator
from tests.docs.examples import Target, markdown, run_shell


def test_the_ai_generator_session(tmp_path: Path) -> None:
    data_dir, https_port = tmp_path / "data", free_port()
    data_dir.mkdir()
    settings = {
        "PHOTOBANK_ADMIN_TOKEN": "my-admin-token",
        "PHOTOBANK_HTTPS_PORT": str(https_port),
        "PHOTOBANK_ALLOW_INSECURE_LOOPBACK": "false",  # as `make serve`
    }
    with running_emulator(data_dir, ServerOptions(env=settings)) as server:
        target = Target(int(server.base_url.rsplit(":", 1)[1]), https_port, data_dir)
        ran = run_shell(markdown("ai-generator.md"), target, tmp_path / "work")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "202" and '"generation_request_id"' in lines[1] and '"seed":42' in lines[1]
    assert '{"size_name":"1k","height":576,"width":1024}' in ran.stdout
    assert ran.stdout.count("202\n") == 2 and '{"pending_polls":3,' in ran.stdout
    with Image.open(tmp_path / "work" / "lake.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (1024, 576))
