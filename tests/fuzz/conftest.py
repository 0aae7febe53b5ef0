"""The fuzzed server: a small demo catalog of its own for each test, so a run's
writes (boards, downloads, usage reports) reach no other test.

Per test, not per session: schemathesis ends an ASGI app's lifespan when the
test that started it ends, and photobank's lifespan closes its services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import pytest
import schemathesis
from starlette.applications import Starlette
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.demo.credentials import ensure_demo_accounts
from photobank.demo.generator import build_demo_catalog
from tests.conftest import DEMO_SEED, SECURE_BASE, START, grant_form
from tests.deployment import deployed
from tests.fuzz import plan, runner
from tests.fuzz.plan import CatalogIds

FUZZ_ASSETS = 200


@pytest.fixture
def fuzz_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    settings = deployed(
        data_dir=data_dir, default_qps_limit=0, default_daily_limit=0, hash_cost="fast"
    )
    built = build_services(settings, ManualClock(START))
    build_demo_catalog(built.catalog.repository, assets=FUZZ_ASSETS, seed=DEMO_SEED)
    built.search.sync()
    yield built
    built.close()


@pytest.fixture
def fuzz_app(fuzz_services: Services) -> Starlette:
    return create_app(fuzz_services.settings, fuzz_services)


@pytest.fixture
def customer_headers(fuzz_app: Starlette, fuzz_services: Services) -> dict[str, str]:
    """A valid Api-Key and the bearer token (password grant) of a customer with products."""
    demo = ensure_demo_accounts(fuzz_services.accounts, DEMO_SEED, fuzz_services.licensing)
    client = TestClient(fuzz_app, base_url=SECURE_BASE)
    response = client.post("/oauth2/token", data=grant_form(demo, "password"))
    assert response.status_code == 200, response.text
    return {"Api-Key": demo.api_key, "Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def catalog_ids(fuzz_services: Services) -> CatalogIds:
    """Ids that exist, so generated requests reach past the 404s."""
    repository = fuzz_services.catalog.repository
    assets = [asset for batch in islice(repository.iter_assets(100), 2) for asset in batch]
    return CatalogIds(
        images=tuple(a.id for a in assets if a.asset_type == "image")[:20],
        videos=tuple(a.id for a in assets if a.asset_type == "video")[:10],
        events=tuple(str(e) for e in islice(repository.reference().events, 10)),
    )


Run = Callable[[tuple[str, ...]], tuple[schemathesis.BaseSchema, runner.Outcome]]


@pytest.fixture
def run_phases(
    fuzz_app: Starlette, customer_headers: dict[str, str], catalog_ids: CatalogIds
) -> Run:
    """Run the given schemathesis phases over the served document, as the customer."""

    def run(phases: tuple[str, ...]) -> tuple[schemathesis.BaseSchema, runner.Outcome]:
        schema = runner.load(fuzz_app, plan.config(customer_headers, catalog_ids, phases))
        return schema, runner.run(schema)

    return run
