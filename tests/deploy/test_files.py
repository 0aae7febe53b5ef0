"""deploy/: the Dockerfile, compose.yaml and nginx.conf cannot be built here (no Docker
engine), so they are parsed and checked against photobank itself: every PHOTOBANK_* name
is a real setting with a valid value, nginx forwards what the nodes believe from it,
and Debian's nginx accepts the configuration."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from photobank.config import Settings

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
NODES = ("photobank-1", "photobank-2")


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def _dockerfile_env() -> dict[str, str]:
    """The ``ENV`` pairs of deploy/Dockerfile (continuation lines joined)."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    pairs: dict[str, str] = {}
    for line in re.findall(r"^ENV (.*)$", text, re.M):
        pairs |= dict(re.findall(r"(\w+)=(\S+)", line))
    return pairs


def _settings(env: dict[str, str]) -> Settings:
    """``env``'s PHOTOBANK_* values read as the server reads them (a bad one raises)."""
    fields = {
        name.removeprefix("PHOTOBANK_").lower(): value
        for name, value in env.items()
        if name.startswith("PHOTOBANK_")
    }
    unknown = set(fields) - set(Settings.model_fields)
    assert not unknown, f"not photobank settings: {sorted(unknown)}"
    return Settings.model_validate(fields)


def test_the_image_is_small_runs_as_a_user_and_checks_health() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert "pip install '.[distributed]'" in text
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "distributed" in extras["optional-dependencies"]
    user = re.findall(r"^USER (\S+)$", text, re.M)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*/health", text.replace("\\\n", ""), re.M)
    for source in re.findall(r"^COPY (.+) \S+$", text, re.M):
        for name in source.split():
            assert (ROOT / name).exists(), name
    settings = _settings(_dockerfile_env())
    assert (settings.host, settings.port, settings.mode) == ("0.0.0.0", 8080, "library")


def test_compose_runs_two_nodes_on_postgresql_redis_and_s3() -> None:
    compose = _compose()
    services = compose["services"]
    assert set(services) >= {*NODES, "nginx", "postgres", "redis", "minio"}
    for node in NODES:
        build = services[node]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
        settings = _settings({**_dockerfile_env(), **services[node]["environment"]})
        assert settings.db_url.startswith("postgresql+psycopg://")
        assert settings.redis_url and settings.media_url and settings.s3_endpoint_url
        assert services[node]["secrets"] == ["signing_key"]  # mounted in /run/secrets
        assert settings.signing_key_file == Path("/run/secrets/signing_key")
    postgres = services["postgres"]["build"]
    assert (
        "postgresql-15-rum" in (DEPLOY / postgres["context"] / postgres["dockerfile"]).read_text()
    )


def test_nginx_forwards_what_the_nodes_believe_from_it() -> None:
    compose, conf = _compose(), (DEPLOY / "nginx.conf").read_text()
    services = compose["services"]
    port = _settings(_dockerfile_env()).port
    upstream = re.search(r"upstream photobank \{(.*?)\}", conf, re.S)
    assert upstream is not None
    assert re.findall(r"server (\S+):(\d+)", upstream.group(1)) == [(n, str(port)) for n in NODES]
    assert re.search(r"keepalive \d+;", upstream.group(1))
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "Host"):
        assert f"proxy_set_header {header} " in conf
    nginx = ipaddress.ip_address(services["nginx"]["networks"]["photobank"]["ipv4_address"])
    for node in NODES:
        trusted = _settings(services[node]["environment"]).trusted_proxies.split(",")
        assert any(nginx in ipaddress.ip_network(net.strip()) for net in trusted)


def test_debian_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed (Debian: nginx)")
        pytest.skip("nginx is not installed (Debian: nginx)")
    # The nodes' names resolve inside compose's network only: here they are this machine.
    conf = re.sub(
        r"server photobank-\d+:", "server 127.0.0.1:", (DEPLOY / "nginx.conf").read_text()
    )
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    argv = [binary, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    argv += ["-g", f"pid {tmp_path}/nginx.pid; error_log stderr;"]
    checked = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
