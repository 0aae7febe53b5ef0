"""The README's "Serve your own photos" commands, run as written over real files."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from PIL import Image

from photobank.emulator.process import free_port

README = (Path(__file__).parents[2] / "README.md").read_text()
FOLDER = "~/Pictures/library"


def _commands() -> list[list[str]]:
    section = README.split("## Serve your own photos\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def _photobank(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "photobank", *args[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_five_commands_serve_a_folder_a_customer_can_license(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = Path(FOLDER.replace("~", str(home)))
    folder.mkdir(parents=True)
    for number, colour in enumerate(("crimson", "teal")):
        Image.new("RGB", (800, 600), colour).save(folder / f"photo-{number}.jpg", quality=90)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(
        HOME=str(home),
        PHOTOBANK_DATA_DIR=str(tmp_path / "var"),
        PHOTOBANK_HASH_COST="fast",
        PHOTOBANK_PORT=str(port),
        PHOTOBANK_LOG_LEVEL="warning",
        # The token endpoint needs TLS; this test's client is on the same machine.
        PHOTOBANK_ALLOW_INSECURE_LOOPBACK="true",
    )
    *setup, serve = _commands()
    assert [c[:2] for c in setup] == [
        ["photobank", "ingest"],
        ["photobank", "clients"],
        ["photobank", "customers"],
        ["photobank", "customers"],
    ]
    assert serve == ["photobank", "serve"]
    # The shell would expand ``~`` to this HOME.
    outputs = [_photobank([str(folder) if a == FOLDER else a for a in c], env) for c in setup]
    assert "2 added" in outputs[0]
    key = re.search(r"Api-Key (\S+)", outputs[1])
    secret = re.search(r"Secret\s+(\S+)", outputs[1])
    assert key and secret
    server = subprocess.Popen(
        [sys.executable, "-m", "photobank", *serve[1:]],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _licensed_download(f"http://127.0.0.1:{port}", key.group(1), secret.group(1))
    finally:
        server.terminate()
        server.wait(30)


def _licensed_download(base: str, api_key: str, secret: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        for _ in range(300):
            try:
                if http.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        found = http.get("/v3/search/images", headers={"Api-Key": api_key}).json()
        assert found["result_count"] == 2
        token = http.post(
            "/oauth2/token",
            data={
                "grant_type": "password",
                "client_id": api_key,
                "client_secret": secret,
                "username": "alice",
                "password": "s3cret-pass",
            },
        ).json()["access_token"]
        signed_in = {"Api-Key": api_key, "Authorization": f"Bearer {token}"}
        image_id = found["images"][0]["id"]
        download = http.post(f"/v3/downloads/images/{image_id}", headers=signed_in)
        assert download.status_code == 303, download.text
        delivered = http.get(download.headers["location"])
        assert delivered.status_code == 200
        assert delivered.content.startswith(b"\xff\xd8")  # the licensed JPEG
