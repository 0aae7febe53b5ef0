"""A real Redis for the shared-state tests: the distributed run's, or one started here."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import deployment
from tests.servers import Missing, running_servers


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """Where Redis listens; without one installed the Redis cases skip (fail in CI)."""
    if deployment.DISTRIBUTED:
        yield deployment.servers().redis_url
        return
    if shutil.which("redis-server") is None:
        if deployment.IN_CI:
            pytest.fail("Redis is not installed (Debian: redis-server)")
        pytest.skip("Redis is not installed (Debian: redis-server)")
    where = Path(tempfile.mkdtemp(prefix="photobank-redis-"))
    try:
        with running_servers(where) as servers:
            yield servers.redis_url
    except Missing as exc:
        pytest.skip(str(exc))
    finally:
        shutil.rmtree(where, ignore_errors=True)
