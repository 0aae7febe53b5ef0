"""Several ``photobank serve`` nodes on one distributed deployment (PostgreSQL, Redis, S3).

Each node has a data directory of its own and its own port; the others read
the first node's signing key through ``PHOTOBANK_SIGNING_KEY_FILE``, as
docs/scaling.md says; all share the first node's database, Redis prefix and
media prefix. The tests run in the
distributed run only: the embedded deployment is one server per data
directory by design.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from photobank.accounts.operators import OperatorCredential
from photobank.composition import build_services
from photobank.demo.credentials import demo_credentials, demo_customers
from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions, running_emulator
from tests import deployment

ASSETS = 60
QPS_KEY, DAILY_KEY = "nodes-qps-key", "nodes-daily-key"
QPS, DAILY = 4, 15


@dataclass
class Node:
    base: str
    log: Path = Path()  # its output: the access log, with the pid of each answer
    control: PhotobankEmulator | None = None  # its emulator controls, in emulator mode

    def get(self, path: str, key: str, **params: Any) -> httpx.Response:
        headers = {"Api-Key": key, "Connection": "close"}
        return httpx.get(f"{self.base}{path}", params=params, headers=headers, timeout=30)


@dataclass
class Cluster:
    """The nodes, the deployment's environment and the credentials the tests use."""

    first: Path  # the first node's data directory: its place is every node's
    stack: contextlib.ExitStack
    nodes: list[Node] = field(default_factory=list)
    api_key: str = demo_credentials(42).api_key
    operator: str = ""

    def start(self, data_dir: Path, shared_key: bool = True, **env: str) -> Node:
        """One more node over this deployment (``data_dir``: its own; it signs with the
        first node's key unless not ``shared_key``; ``env``: more settings)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        env = {**deployment.environment(self.first), "PHOTOBANK_DATA_DIR": str(data_dir), **env}
        if data_dir != self.first and shared_key:
            env["PHOTOBANK_SIGNING_KEY_FILE"] = str(self.first / "signing.key")
        options = ServerOptions(assets=ASSETS, mode="library", env=env)
        running = self.stack.enter_context(running_emulator(data_dir, options))
        node = Node(running.base_url, data_dir / "server.log", running)
        self.nodes.append(node)
        return node

    def token(self, node: Node, username: str = "demo") -> str:
        """A customer's bearer token, granted by ``node``."""
        creds = demo_credentials(42)
        password = next(c.password for c in demo_customers(42) if c.username == username)
        form = {"grant_type": "password", "client_id": creds.api_key}
        form.update(client_secret=creds.api_secret, username=username, password=password)
        answer = httpx.post(f"{node.base}/oauth2/token", data=form, timeout=30)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])


@pytest.fixture(scope="package")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not deployment.DISTRIBUTED:
        pytest.skip("several nodes need the distributed run: PHOTOBANK_TEST_DEPLOYMENT=distributed")
    first = tmp_path_factory.mktemp("node-a")
    services = build_services(deployment.deployed(data_dir=first, hash_cost="fast"))
    services.accounts.create_client("per second", api_key=QPS_KEY, secret="s", qps_limit=QPS)
    services.accounts.create_client("per day", api_key=DAILY_KEY, secret="s", daily_limit=DAILY)
    operator = OperatorCredential(services.engine).issue()
    services.close()
    with contextlib.ExitStack() as stack:
        nodes = Cluster(first, stack, operator=operator)
        nodes.start(first)  # builds the demo catalog; the second finds it built
        nodes.start(tmp_path_factory.mktemp("node-b"))
        yield nodes
