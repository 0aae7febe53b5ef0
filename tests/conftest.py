"""Shared fixtures: one small demo catalog per test session, served in-process.

Every v3 JSON response that passes through the ``client`` fixture is validated
against Getty's OpenAPI document, so contract drift fails whichever test sees it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.config import Settings
from photobank.demo.credentials import DemoCredentials, ensure_demo_accounts
from photobank.demo.generator import build_demo_catalog
from photobank.testing import PhotobankEmulator, ServerOptions
from tests import deployment
from tests.contract import template_for, validate_response

DEMO_ASSETS = 1500
DEMO_SEED = 42
START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
# The token endpoint is secure-only: an https URL marks an in-process request as TLS.
SECURE_BASE = "https://photobank.test"


class ContractClient(TestClient):
    """A test client that checks each v3 JSON response against the contract."""

    def request(
        self, method: str, url: httpx._types.URLTypes, *args: Any, **kwargs: Any
    ) -> httpx.Response:  # type: ignore[override]
        response = super().request(method, url, *args, **kwargs)
        path = httpx.URL(str(response.request.url)).path
        template = template_for(path) if path.startswith("/v3/") else None
        is_json = response.headers.get("content-type", "").startswith("application/json")
        if template is not None and is_json and response.status_code < 300:
            validate_response(template, method.lower(), response.status_code, response.json())
        return response


def pytest_configure(config: pytest.Config) -> None:
    """The distributed run needs its servers: without them it stops in one line (an error
    in CI, where they must be there)."""
    if deployment.DISTRIBUTED and (missing := deployment.missing_servers()):
        verdict, status = ("fails in CI", 1) if deployment.IN_CI else ("skipped", 0)
        pytest.exit(f"distributed run {verdict}: {missing}", returncode=status)


@pytest.fixture(scope="session", autouse=True)
def _deployment() -> Iterator[None]:
    """Stops this process's servers, if the distributed run started them, at the end."""
    yield
    deployment.close()


@pytest.fixture(scope="session")
def photobank_server(
    photobank_options: ServerOptions, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PhotobankEmulator]:
    """The pytest plugin's emulator (photobank.testing), placed on this run's deployment."""
    data = tmp_path_factory.mktemp("photobank")
    with deployment.running_emulator(data, photobank_options) as emulator:
        yield emulator


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("photobank")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return deployment.deployed(
        data_dir=data_dir, default_qps_limit=0, default_daily_limit=0, hash_cost="fast"
    )


@pytest.fixture(scope="session")
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(scope="session")
def services(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    built = build_services(settings, clock)
    build_demo_catalog(built.catalog.repository, assets=DEMO_ASSETS, seed=DEMO_SEED)
    built.search.sync()
    yield built
    built.close()


@pytest.fixture(scope="session")
def demo(services: Services) -> DemoCredentials:
    return ensure_demo_accounts(services.accounts, DEMO_SEED)


@pytest.fixture(scope="session")
def app(settings: Settings, services: Services) -> Any:
    return create_app(settings, services)


@pytest.fixture(scope="session")
def anonymous(app: Any) -> ContractClient:
    """A client that sends no Api-Key."""
    return ContractClient(app, base_url="http://photobank.test")


@pytest.fixture(scope="session")
def client(app: Any, demo: DemoCredentials) -> ContractClient:
    """A client sending the demo Api-Key and no token."""
    return ContractClient(app, base_url="http://photobank.test", headers={"Api-Key": demo.api_key})


def grant_form(demo: DemoCredentials, grant_type: str, **extra: str) -> dict[str, str]:
    """A token request form for the demo client; ``password`` adds the demo customer."""
    form = {"grant_type": grant_type, "client_id": demo.api_key, "client_secret": demo.api_secret}
    if grant_type == "password":
        form.update(username=demo.username, password=demo.password)
    form.update(extra)
    return form


def _token(client: TestClient, data: dict[str, str]) -> str:
    response = client.post(f"{SECURE_BASE}/oauth2/token", data=data)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
def app_token(client: ContractClient, demo: DemoCredentials) -> str:
    return _token(client, grant_form(demo, "client_credentials"))


@pytest.fixture
def user_token(client: ContractClient, demo: DemoCredentials) -> str:
    return _token(client, grant_form(demo, "password"))
