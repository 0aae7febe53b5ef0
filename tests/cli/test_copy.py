"""``photobank copy``: an embedded library with traffic, copied into PostgreSQL + S3 and
served from there, answers as the original did.

Both are real ``photobank serve`` processes compared through the API: searches,
download history, purchases, boards, a token grant with the old client secret,
and new ids that do not collide with copied ones. The target's servers are
real: the distributed run's (tests/deployment.py), so the test runs in that run.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from sqlalchemy import create_engine, make_url
from typer.testing import CliRunner

from photobank.cli import app
from photobank.composition import build_services
from photobank.config import Settings
from photobank.demo.credentials import DemoCredentials, demo_customers, ensure_demo_accounts
from photobank.demo.generator import build_demo_catalog
from photobank.emulator.process import free_port, stop, wait_healthy
from tests import deployment
from tests.servers import Servers

SEED = 42
BUCKET = "copied"


@pytest.fixture(scope="module")
def servers() -> Servers:
    """The distributed run's servers (the embedded run leaves this test to it)."""
    return deployment.servers()


def _database(servers: Servers, name: str) -> str:
    engine = create_engine(servers.postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return make_url(servers.postgres_url).set(database=name).render_as_string(False)


def _target_env(servers: Servers) -> dict[str, str]:
    """The target's S3 keys, and Redis keys of this test's own (the run's Redis is shared)."""
    return {
        "PHOTOBANK_REDIS_PREFIX": "copy-test:",
        "PHOTOBANK_S3_ENDPOINT_URL": servers.s3_endpoint,
        "PHOTOBANK_S3_ACCESS_KEY_ID": "testing",
        "PHOTOBANK_S3_SECRET_ACCESS_KEY": "testing",
    }


@contextlib.contextmanager
def _serving(env: dict[str, str], log: Path) -> Iterator[httpx.Client]:
    """``photobank serve`` (library mode, one worker) with ``env``; a client of it."""
    port = free_port()
    plain = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    plain |= {
        "PHOTOBANK_PORT": str(port),
        "PHOTOBANK_HTTPS_PORT": "0",
        "PHOTOBANK_MODE": "library",
        "PHOTOBANK_WORKERS": "1",
        "PHOTOBANK_HASH_COST": "fast",
        "PHOTOBANK_ALLOW_INSECURE_LOOPBACK": "true",
        **env,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "photobank", "serve"], env=plain, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, log, 120)
        with httpx.Client(base_url=base, timeout=60) as http:
            yield http
    finally:
        stop(process)


def _sign_in(http: httpx.Client, creds: DemoCredentials, secret: str) -> dict[str, str]:
    customer = demo_customers(SEED)[0]
    form = {
        "grant_type": "password",
        "client_id": creds.api_key,
        "client_secret": secret,
        "username": customer.username,
        "password": customer.password,
    }
    answer = http.post("/oauth2/token", data=form)
    assert answer.status_code == 200, answer.text
    return {"Api-Key": creds.api_key, "Authorization": f"Bearer {answer.json()['access_token']}"}


def _buy(http: httpx.Client, headers: dict[str, str], asset_id: str) -> httpx.Response:
    return http.post(f"/v3/downloads/images/{asset_id}?auto_download=false", headers=headers)


def _seen(http: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    """What a customer sees of the library: the answers a copy must give alike."""
    search: dict[str, str | int] = {"phrase": "mountain", "page_size": 30, "fields": "id,title"}
    boards = http.get("/v3/boards", headers=headers).json()["boards"]
    seen = {
        "search": http.get("/v3/search/images", params=search, headers=headers).json(),
        "downloads": http.get("/v3/downloads", headers=headers).json(),
        "purchases": http.get("/v3/purchased-assets", headers=headers).json(),
        "boards": [
            http.get(f"/v3/boards/{board['id']}", headers=headers).json()["assets"]
            for board in boards
        ],
        "products": http.get("/v3/products", headers=headers).json(),
    }
    shown: dict[str, Any] = json.loads(
        json.dumps(seen).replace(str(http.base_url).rstrip("/"), "BASE")
    )
    return shown


def _with_traffic(data_dir: Path, log: Path) -> tuple[DemoCredentials, dict[str, Any]]:
    """A small embedded library; a customer licenses two images and keeps a board."""
    settings = Settings(data_dir=data_dir, hash_cost="fast")
    services = build_services(settings)
    build_demo_catalog(services.catalog.repository, assets=80, seed=SEED)
    services.search.sync()
    creds = ensure_demo_accounts(services.accounts, SEED, services.licensing)
    services.close()
    with _serving({"PHOTOBANK_DATA_DIR": str(data_dir)}, log) as http:
        headers = _sign_in(http, creds, creds.api_secret)
        found = http.get(
            "/v3/search/images", params={"phrase": "", "fields": "id"}, headers=headers
        )
        ids = [image["id"] for image in found.json()["images"][:3]]
        for asset_id in ids[:2]:
            bought = http.post(
                f"/v3/downloads/images/{asset_id}?auto_download=false", headers=headers
            )
            assert bought.status_code == 200, bought.text
        board = http.post("/v3/boards", json={"name": "Picks"}, headers=headers).json()["id"]
        for asset_id in ids[1:]:
            http.put(f"/v3/boards/{board}/assets/{asset_id}", headers=headers)
        return creds, _seen(http, headers)


def test_a_copy_into_postgresql_and_s3_answers_as_the_original(
    servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, node = tmp_path / "embedded", tmp_path / "node"
    creds, before = _with_traffic(source, tmp_path / "source.log")
    assert before["downloads"]["result_count"] == 2 and len(before["boards"][0]) == 2
    url = _database(servers, "copy_target")
    s3 = boto3.client("s3", endpoint_url=servers.s3_endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
    s3.create_bucket(Bucket=BUCKET)
    for name, value in {"PHOTOBANK_DATA_DIR": str(source), **_target_env(servers)}.items():
        monkeypatch.setenv(name, value)
    argv = ["copy", "--to", url, "--media-url", f"s3://{BUCKET}/lib", "--node-dir", str(node)]
    copied = CliRunner().invoke(app, [*argv, "--redis-url", servers.redis_url])
    assert copied.exit_code == 0, copied.output
    assert "  assets" in copied.output and "Verified" in copied.output
    assert f"PHOTOBANK_SIGNING_KEY_FILE={(node / 'signing.key').resolve()}" in copied.output

    again = CliRunner().invoke(app, argv)  # the target holds rows now
    assert again.exit_code == 1
    assert "not empty" in again.output and "--replace" in again.output

    env = {
        "PHOTOBANK_DATA_DIR": str(node),
        "PHOTOBANK_DATABASE_URL": url,
        "PHOTOBANK_MEDIA_URL": f"s3://{BUCKET}/lib",
        "PHOTOBANK_REDIS_URL": servers.redis_url,
        **_target_env(servers),
    }
    with _serving(env, tmp_path / "copy.log") as http:
        headers = _sign_in(http, creds, creds.api_secret)  # the old secret, hashed as it was
        assert _seen(http, headers) == before
        made = http.post("/v3/boards", json={"name": "New"}, headers=headers)
        assert made.status_code == 201, made.text
        assert made.json()["id"] not in {b["id"] for b in http.get(
            "/v3/boards", headers=headers).json()["boards"] if b["name"] == "Picks"}  # fmt: skip
        first = before["downloads"]["downloads"][0]["id"]
        again_bought = http.post(
            f"/v3/downloads/images/{first}?auto_download=false", headers=headers
        )
        assert again_bought.status_code == 200  # a re-download: the licence came along
        assert http.get(again_bought.json()["uri"]).status_code == 200


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        (["--to", "sqlite:///x.db", "--node-dir", "n"], {}, "--to takes a PostgreSQL URL"),
        (["--to", "postgresql://db/x"], {}, "say where the media go"),
        (["--to", "postgresql://db/x", "--media-url", "ftp://x"], {}, "--media-url: "),
        (
            ["--to", "postgresql://db/x", "--node-dir", "n"],
            {"PHOTOBANK_DATABASE_URL": "postgresql://db/y"},
            "the source must be an embedded data directory",
        ),
        (
            ["--to", "postgresql://someone:hush@127.0.0.1:1/x", "--node-dir", "n"],
            {},
            "the target store postgresql://someone:***@127.0.0.1:1/x does not answer",
        ),
    ],
)
def test_a_copy_it_cannot_make_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str], says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in {"PHOTOBANK_DATA_DIR": str(tmp_path / "data"), **env}.items():
        monkeypatch.setenv(name, value)
    refused = CliRunner().invoke(app, ["copy", *argv])
    assert refused.exit_code == 1, refused.output
    assert says in refused.output and "hush" not in refused.output
    assert len(refused.output.strip().splitlines()) == 1
