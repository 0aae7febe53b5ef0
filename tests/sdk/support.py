"""What the SDK tests share: a real TLS server and their prerequisites."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions
from tests.deployment import running_emulator


@contextmanager
def tls_server(data_dir: Path, https_port: int) -> Iterator[PhotobankEmulator]:
    """The server with HTTPS on ``https_port``; tokens only over TLS, as at Getty.

    Its CA is ``data_dir / "tls" / "ca.pem"``.
    """
    env = {"PHOTOBANK_HTTPS_PORT": str(https_port), "PHOTOBANK_ALLOW_INSECURE_LOOPBACK": "false"}
    with running_emulator(data_dir, ServerOptions(env=env)) as emulator:
        yield emulator


def require(condition: bool, reason: str) -> None:
    """Skip on a developer's box that lacks a prerequisite; fail in CI, which installs it."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: see .ci/run)")
    pytest.skip(reason)
