"""The real server process, started as a user would, and the README's curl lines."""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.deployment import environment
from tests.docs.examples import Target, blocks, markdown

ROOT = Path(__file__).parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="module")
def https_port() -> int:
    return _free_port()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, https_port: int
) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ)
    env.update(
        **environment(data_dir),
        PHOTOBANK_DEMO_ASSETS="300",
        PHOTOBANK_PORT=str(port),
        PHOTOBANK_HTTPS_PORT=str(https_port),
    )
    command = [sys.executable, "-m", "photobank", "serve", "--demo"]
    log_path = tmp_path_factory.mktemp("server-log") / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                assert process.poll() is None, log_path.read_text()
                time.sleep(0.2)
        else:
            pytest.fail("server did not start within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _readme_curl_lines() -> list[str]:
    found = blocks(markdown("README.md"), "sh")
    return [line for block in found for line in block.splitlines() if line.startswith("curl ")]


def test_readme_curl_lines_work_against_the_real_server(
    server: str, data_dir: Path, https_port: int
) -> None:
    lines = _readme_curl_lines()
    assert len(lines) >= 2
    target = Target(int(server.rsplit(":", 1)[1]), https_port, data_dir)
    for line in lines:
        line = target.localise(line)
        command = shlex.split(line.replace("var/tls/ca.pem", str(data_dir / "tls" / "ca.pem")))
        result = subprocess.run(
            [*command, "-sS", "-w", "\n%{http_code}"], capture_output=True, text=True, timeout=60
        )
        body, _, status = result.stdout.rpartition("\n")
        assert status == "200", (line, result.stdout, result.stderr)
        json.loads(body)


def test_search_over_http(server: str) -> None:
    response = httpx.get(
        f"{server}/v3/search/images/creative",
        params={"phrase": "", "page_size": 5},
        headers={"Api-Key": "315ca17ee22589e6ce3f9545"},
    )
    assert response.status_code == 200
    assert len(response.json()["images"]) == 5


def test_a_second_server_or_a_catalog_change_on_its_data_directory_is_refused(
    server: str, data_dir: Path
) -> None:
    env = {**os.environ, **environment(data_dir), "PHOTOBANK_HTTPS_PORT": "0"}
    env["PHOTOBANK_PORT"] = str(_free_port())
    for command in (["serve"], ["assets", "withdraw", "1"], ["index", "sync"]):
        result = subprocess.run(
            [sys.executable, "-m", "photobank", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: {data_dir} ") and "photobank serve (pid " in line
    assert httpx.get(f"{server}/health").status_code == 200  # the first one never noticed


def test_a_busy_port_is_one_line_before_any_work(server: str, tmp_path: Path) -> None:
    port = server.rsplit(":", 1)[1]
    env = {**os.environ, **environment(tmp_path / "other"), "PHOTOBANK_PORT": port}
    result = subprocess.run(
        [sys.executable, "-m", "photobank", "serve", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is in use: stop what holds it, or choose another"
        " with --port / --https-port (PHOTOBANK_PORT, PHOTOBANK_HTTPS_PORT)."
    ]
    assert not (tmp_path / "other" / "photobank.db").exists()  # no demo was built


def test_an_empty_library_says_how_to_fill_it(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, **environment(tmp_path), "PHOTOBANK_PORT": str(port)}
    env["PHOTOBANK_HTTPS_PORT"] = "0"
    with subprocess.Popen(
        [sys.executable, "-m", "photobank", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stderr is not None
            banner = [process.stderr.readline() for _ in range(3)]
        finally:
            process.terminate()
    assert f"serving the library in {tmp_path} on http://127.0.0.1:{port}" in banner[0]
    assert "0 assets, 0 API clients" in banner[0]
    assert "`photobank init`" in banner[1] and "POST /operator/v1/ingest" in banner[2]
