"""The wheel, built and installed on its own, serves: what ``pipx install`` of a release gives.

The wheel is built from a copy of the source (so the checkout gets no build
files), installed with its dependencies into a fresh virtualenv, and its
``photobank serve --demo`` answers a search, its web page and its Swagger UI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from photobank.emulator.process import free_port

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "photobank"
# Only for writing new migrations (alembic revision); nothing reads it at run time.
NOT_SHIPPED = {"store/migrations/script.py.mako"}


def _run(command: list[str | Path], **options: object) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, **options)  # type: ignore[call-overload]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheels")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "src", source / "src", ignore=skip)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, source])
    (built,) = out.glob("photobank-*.whl")
    return built


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name.removeprefix("photobank/") for name in archive.namelist()}
    files = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert {"api/v3/getty-v3-openapi.json", "web/templates/base.html"} <= files
    assert any(name.startswith("store/migrations/versions/0001") for name in files)
    assert sorted(files - NOT_SHIPPED - shipped) == []


def test_the_installed_wheel_serves_the_demo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv])
    _run([venv / "bin" / "pip", "install", "--quiet", wheel])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHOTOBANK_", "PYTHON"))}
    env.update(
        PHOTOBANK_DATA_DIR=str(tmp_path / "var"),
        PHOTOBANK_DEMO_ASSETS="50",
        PHOTOBANK_PORT=str(port),
        PHOTOBANK_HTTPS_PORT="0",
        PHOTOBANK_HASH_COST="fast",
    )
    log = (tmp_path / "serve.log").open("wb")
    command = [venv / "bin" / "photobank", "serve", "--demo"]
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(server, base, tmp_path / "serve.log")
        found = httpx.get(
            f"{base}/v3/search/images",
            params={"phrase": "", "fields": "id,title"},
            headers={"Api-Key": "315ca17ee22589e6ce3f9545"},
        )
        assert found.status_code == 200 and found.json()["result_count"] > 0, found.text
        assert httpx.get(f"{base}/").status_code == 200  # templates and static files
        assert httpx.get(f"{base}/swagger").status_code == 200  # the OpenAPI document
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _wait_until_up(server: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the installed server did not answer:\n{log.read_text()}")
