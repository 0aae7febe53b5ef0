"""docs/scaling.md run as written: an embedded library copied into PostgreSQL, Redis and
S3, two nodes serving it behind Debian's nginx, one of them stopped mid-way."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from sqlalchemy import create_engine, make_url

from photobank.emulator.process import free_port
from tests import deployment
from tests.docs.examples import ROOT, Target, markdown, run_shell
from tests.servers import Servers


@pytest.fixture(scope="module")
def servers() -> Servers:
    """The distributed run's servers (the embedded run leaves this test to it), and nginx."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        if deployment.IN_CI:
            pytest.fail("nginx is not installed (Debian: nginx)")
        pytest.skip("nginx is not installed (Debian: nginx)")
    return deployment.servers()


def _placed(page: str, servers: Servers, nodes: tuple[int, int]) -> str:
    """The page with the documented servers and node ports replaced by this test's."""
    engine = create_engine(servers.postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql('CREATE DATABASE "scaling"')
    engine.dispose()
    s3 = boto3.client("s3", endpoint_url=servers.s3_endpoint, region_name="us-east-1",
                      aws_access_key_id="t", aws_secret_access_key="t")  # fmt: skip
    s3.create_bucket(Bucket="photobank")
    database = make_url(servers.postgres_url).set(database="scaling").render_as_string(False)
    for name, value in {
        "DATABASE_URL": database,
        "REDIS_URL": servers.redis_url,
        "export PHOTOBANK_S3_ENDPOINT_URL": servers.s3_endpoint,
    }.items():
        page = re.sub(rf"^{name}=\S+$", f"{name}={value}", page, count=1, flags=re.M)
    return page.replace("8081", str(nodes[0])).replace("8082", str(nodes[1]))


@contextlib.contextmanager
def _cleaned(work: Path) -> Iterator[None]:
    """Whatever the script left running (a failed run) is stopped."""
    try:
        yield
    finally:
        pids = (work / "nodes.pid").read_text().split() if (work / "nodes.pid").exists() else []
        if (work / "nginx.pid").exists():
            pids.append((work / "nginx.pid").read_text().strip())
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGTERM)


def test_the_scaling_page_runs_as_written(servers: Servers) -> None:
    nodes = (free_port(), free_port())
    page = _placed(markdown("scaling.md"), servers, nodes)
    # nginx's workers run as nobody when started as root: a directory they may enter.
    work = Path(tempfile.mkdtemp(prefix="photobank-scaling-work-"))
    work.chmod(0o755)
    (work / "deploy").symlink_to(ROOT / "deploy")
    target = Target(free_port(), free_port(), work / "unused")
    try:
        with _cleaned(work):
            # Redis keys of its own: the run's Redis is shared with other tests' nodes.
            done = run_shell(page, target, work, PHOTOBANK_REDIS_PREFIX="scaling-test:")
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.count('{"ready":true}') == 2
        searches = re.findall(r'^\{"result_count":\d+.*$', done.stdout, re.M)
        assert len(searches) == 4 and len(set(searches)) == 1  # both nodes answer alike
        assert re.findall(r"^\d{3}$", done.stdout, re.M) == ["200"] * 4  # one node gone
        assert "Verified" in done.stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
