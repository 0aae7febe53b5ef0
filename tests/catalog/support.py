"""A catalog of a test's own, served over HTTP, with a partner reading its change channel.

Withdrawing, restoring, updating and deleting assets change the catalog, so
these tests never use the session's shared demo catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.config import Settings
from photobank.demo.credentials import DemoCredentials, ensure_demo_accounts
from photobank.demo.generator import build_demo_catalog
from tests.conftest import DEMO_SEED, SECURE_BASE, START, ContractClient
from tests.deployment import deployed

CHANGES = "/v3/asset-changes/change-sets"


def settings_for(data_dir: Path) -> Settings:
    return deployed(data_dir=data_dir, default_qps_limit=0, default_daily_limit=0, hash_cost="fast")


def build_store(data_dir: Path, assets: int = 24) -> None:
    """A small demo catalog in ``data_dir``, written and closed (as ``photobank demo`` does)."""
    services = build_services(settings_for(data_dir), ManualClock(START))
    try:
        build_demo_catalog(services.catalog.repository, assets=assets, seed=DEMO_SEED)
        services.search.sync()
    finally:
        services.close()


def open_store(data_dir: Path) -> Services:
    """The store's services 61 days on: the demo's own changes have left every channel."""
    return build_services(settings_for(data_dir), ManualClock(START + timedelta(days=61)))


@dataclass
class Server:
    services: Services
    http: ContractClient
    demo: DemoCredentials


def serve(services: Services) -> Server:
    """The services behind an in-process client sending the demo Api-Key."""
    demo = ensure_demo_accounts(services.accounts, DEMO_SEED)
    http = ContractClient(
        create_app(services.settings, services),
        base_url="http://photobank.test",
        headers={"Api-Key": demo.api_key},
    )
    return Server(services, http, demo)


class Partner:
    """An API client reading its creative image channel, confirming each change-set."""

    def __init__(self, server: Server, name: str) -> None:
        client, secret = server.services.accounts.create_client(name)
        form = {
            "grant_type": "client_credentials",
            "client_id": client.api_key,
            "client_secret": secret,
        }
        self.http = server.http
        token = self.http.post(f"{SECURE_BASE}/oauth2/token", data=form).json()["access_token"]
        self.headers = {"Api-Key": client.api_key, "Authorization": f"Bearer {token}"}
        listed = self.http.get("/v3/asset-changes/channels", headers=self.headers).json()
        self.channels = {(c["AssetFamily"], c["AssetType"]): c["ChannelId"] for c in listed}

    def changes(self, family: str = "Creative") -> list[tuple[str, str, Any]]:
        """The pending changes of the channel (confirmed, so the next call sees only newer)."""
        channel = self.channels[family, "Image"]
        response = self.http.put(CHANGES, params={"channel_id": channel}, headers=self.headers)
        assert response.status_code in (200, 201), response.text
        body = response.json()
        if body["change_set_id"] is not None:
            confirmed = self.http.delete(f"{CHANGES}/{body['change_set_id']}", headers=self.headers)
            assert confirmed.status_code == 200
        return [(c["id"], c["asset_lifecycle"], c["asset_type"]) for c in body["changed_assets"]]
