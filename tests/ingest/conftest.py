"""A fresh library per test: its own data directory, services, and an API client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.ingest.files import find_files
from photobank.ingest.folders import FolderIngest, IngestReport
from photobank.ingest.manifest import Manifest, read_manifest
from photobank.ingest.options import IngestOptions
from photobank.licensing.products import ProductTerms
from tests.conftest import SECURE_BASE, START, ContractClient
from tests.deployment import deployed

API_KEY = "ingest-test-key"
API_SECRET = "ingest-test-secret"


@dataclass
class Library:
    services: Services
    client: ContractClient
    data_dir: Path

    def buyer_token(self, name: str = "buyer") -> str:
        """The access token of a new customer ``name`` holding premiumaccess."""
        accounts, products = self.services.accounts, self.services.licensing.products
        accounts.create_customer(name, f"{name}-pass", name.title(), "Buyer", f"{name}@example.com")
        products.grant(products.customer_id(name), ProductTerms(type="premiumaccess"))
        form = {
            "grant_type": "password",
            "client_id": API_KEY,
            "client_secret": API_SECRET,
            "username": name,
            "password": f"{name}-pass",
        }
        response = self.client.post(f"{SECURE_BASE}/oauth2/token", data=form)
        token: str = response.json()["access_token"]
        return token

    def licensed(
        self, token: str, asset_id: str, kind: str = "images", size: str = ""
    ) -> httpx.Response:
        """The delivery of ``asset_id`` licensed with ``token`` (no ``size``: the largest)."""
        query = f"?auto_download=false&size={size}" if size else "?auto_download=false"
        response = self.client.post(
            f"/v3/downloads/{kind}/{asset_id}{query}", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, response.text
        delivered = self.client.get(response.json()["uri"])
        assert delivered.status_code == 200
        return delivered

    def ingested_again(self, delivered: bytes, path: Path, token: str) -> dict[str, Any]:
        """A delivered video written to ``path`` and ingested: its title, artist and
        copyright as the v3 API shows them."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(delivered)
        ((_, copy_id),) = self.ingest(path).added
        response = self.client.get(
            f"/v3/videos/{copy_id}",
            params={"fields": "title,artist,copyright"},
            headers={"Authorization": f"Bearer {token}"},
        )
        shown: dict[str, Any] = response.json()["videos"][0]
        return shown

    def ingest(self, *paths: Path, manifest: Path | None = None) -> IngestReport:
        """What ``photobank ingest PATH... [--manifest FILE]`` does, in process."""
        files, missing = find_files(list(paths))
        rows, refused = read_manifest(manifest) if manifest else (Manifest(), [])
        report = FolderIngest(self.services, IngestOptions()).run(files, manifest=rows)
        report.failed[:0] = [*missing, *refused]
        return report


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    services.accounts.create_client("ingest tests", api_key=API_KEY, secret=API_SECRET)
    client = ContractClient(
        create_app(settings, services), base_url="http://t", headers={"Api-Key": API_KEY}
    )
    try:
        yield Library(services, client, settings.data_dir)
    finally:
        services.close()
