"""A console of its own per test module: a small fresh catalog, an issued operator token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from photobank.accounts.operators import OperatorCredential
from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from tests.conftest import SECURE_BASE, START
from tests.deployment import deployed
from tests.ingest.support import encoded, picture
from tests.web.visitors import token


@dataclass
class Console:
    services: Services
    token: str
    app: object
    asset_id: str

    def visitor(self, base_url: str = SECURE_BASE) -> TestClient:
        return TestClient(self.app, base_url=base_url)  # type: ignore[arg-type]

    def operator(self) -> TestClient:
        """A visitor signed in to the console."""
        visitor = self.visitor()
        assert sign_in(visitor, self.token).status_code == 303
        return visitor


def sign_in(visitor: TestClient, operator_token: str, after: str = "/console/") -> object:
    page = visitor.get("/console/sign-in")
    form = {"csrf_token": token(page.text), "token": operator_token, "next": after}
    return visitor.post("/console/sign-in", data=form, follow_redirects=False)


def post(visitor: TestClient, page: str, target: str, /, **fields: str) -> object:
    """Post a form of ``page`` (its CSRF token read from the page) to ``target``."""
    form = {"csrf_token": token(visitor.get(page).text), **fields}
    return visitor.post(target, data=form, follow_redirects=False)


def _console(data_dir: Path, **options: str) -> Iterator[Console]:
    settings = deployed(data_dir=data_dir, hash_cost="fast", default_qps_limit=0, **options)
    services = build_services(settings, ManualClock(START) if not options else None)
    operator_token = OperatorCredential(services.engine).issue()
    app = create_app(settings, services)
    upload = TestClient(app, base_url=SECURE_BASE).post(
        "/operator/v1/ingest",
        headers={"Authorization": f"Bearer {operator_token}"},
        files=[("files", ("harbour.jpg", encoded(picture()), "image/jpeg"))],
    )
    (added,) = upload.json()["added"]
    try:
        yield Console(services, operator_token, app, added["id"])
    finally:
        services.close()


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    yield from _console(tmp_path / "data")


@pytest.fixture
def emulated(tmp_path: Path) -> Iterator[Console]:
    """A console in emulator mode (its own controllable clock, journal and faults)."""
    yield from _console(tmp_path / "data", mode="emulator")
