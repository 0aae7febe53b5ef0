"""Run ``node/flows.js`` (Getty's Node SDK, unmodified) once per test session.

The SDK always speaks HTTPS on port 443 to the host names it is given (one for
the API, one for tokens), so the server listens with TLS on 127.0.0.1:443 and
Node trusts the development CA through ``NODE_EXTRA_CA_CERTS``. Port 443 can
be bound only once: a lock in the session's directory makes the first xdist
worker run the flows and the others read what it saved. The Node example of
the docs' stand-in page runs too, as written.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

from tests.docs.examples import blocks, markdown, section
from tests.sdk.support import require, tls_server

NODE_DIR = Path(__file__).parent / "node"
HOST = "127.0.0.1"
HTTPS_PORT = 443


def node_sdk_results(session_dir: Path) -> dict[str, Any]:
    """What flows.js printed (each flow's SDK results, or ``<flow>_error``), and
    ``readme_example``: the ``found`` of the docs' Node example."""
    saved = session_dir / "node-sdk-results.json"
    with (session_dir / "node-sdk.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists():
            saved.write_text(json.dumps(_run(session_dir / "node-sdk")))
    found: dict[str, Any] = json.loads(saved.read_text())
    return found


def _readme_example() -> str:
    """The ``js`` block of the "Getty's Node SDK" section of docs/stand-in.md."""
    (block,) = blocks(section(markdown("stand-in.md"), "## Getty's Node SDK"), "js")
    return block


def _run(work: Path) -> dict[str, Any]:
    require(shutil.which("node") is not None, "node is not installed")
    installed = (NODE_DIR / "node_modules" / "gettyimages-api").is_dir()
    require(installed, f"gettyimages-api is not installed: run npm ci in {NODE_DIR}")
    require(_port_is_free(HTTPS_PORT), f"{HOST}:{HTTPS_PORT} cannot be bound (not root, or busy)")
    downloads, data = work / "downloads", work / "data"
    downloads.mkdir(parents=True)
    data.mkdir()
    with tls_server(data, HTTPS_PORT) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
        env.update(
            NODE_EXTRA_CA_CERTS=str(data / "tls" / "ca.pem"),
            SDK_HOST=HOST,
            SDK_API_KEY=server.api_key,
            SDK_API_SECRET=server.api_secret,
            SDK_USERNAME=server.username,
            SDK_PASSWORD=server.password,
            SDK_DOWNLOAD_DIR=str(downloads),
        )
        results: dict[str, Any] = _node(env, "flows.js")
        example = f"{_readme_example()}\nconsole.log(JSON.stringify(found));"
        results["readme_example"] = _node(env, "-e", f"(async () => {{\n{example}\n}})()")
    return results


def _node(env: dict[str, str], *args: str) -> Any:
    """Run node in the SDK's directory; what it printed, as JSON."""
    done = subprocess.run(
        ["node", *args], cwd=NODE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True
