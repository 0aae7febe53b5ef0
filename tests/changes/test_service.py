"""The asset-change service on its own: channel kinds, deletes everywhere, one set at a time."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from photobank.catalog.model import Asset
from photobank.changes.service import AssetChangeService
from photobank.clock import ManualClock
from photobank.config import Settings
from photobank.demo.generator import build_demo_catalog
from photobank.services import Services, build_services
from tests.conftest import START


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    clock = ManualClock(START)
    built = build_services(Settings(data_dir=tmp_path, hash_cost="fast"), clock)
    build_demo_catalog(built.catalog.repository, assets=12, seed=5)
    clock.advance(timedelta(days=61))  # the demo's ingests have aged out
    yield built
    built.close()


def _channels(services: Services) -> tuple[AssetChangeService, int, dict[tuple[str, str], int]]:
    client, _secret = services.accounts.create_client("partner")
    changes = services.asset_changes
    return (
        changes,
        client.id,
        {(c.asset_family, c.asset_type): c.id for c in changes.channels(client.id)},
    )


def _asset(services: Services, asset_id: str, kind: str, family: str) -> Asset:
    """A copy of a demo asset of type ``kind``, as a new asset of ``family``."""
    [batch] = services.catalog.repository.iter_assets()
    template = next(a for a in batch if a.asset_type == kind)
    return dataclasses.replace(template, id=asset_id, asset_family=family)


def test_videos_go_to_film_channels_and_deletes_to_every_channel(services: Services) -> None:
    changes, client, channels = _channels(services)
    clip = _asset(services, "v1", "video", "editorial")
    services.catalog.save_assets([clip])
    services.catalog.delete_assets(["never-existed"])
    for (family, kind), channel in channels.items():
        found = changes.next_change_set(client, channel, 10)
        assert found is not None
        got = [(n.asset_id, n.lifecycle, n.asset_type) for n in found.notifications]
        expected: list[tuple[str, str, str | None]] = [("never-existed", "delete", None)]
        if (family, kind) == ("editorial", "video"):
            expected.insert(0, ("v1", "new", "video"))
        assert got == expected


def test_concurrent_requests_on_one_channel_share_one_change_set(services: Services) -> None:
    changes, client, channels = _channels(services)
    services.catalog.save_assets([_asset(services, "c1", "image", "creative")])
    channel = channels["creative", "image"]
    with ThreadPoolExecutor(4) as pool:
        sets = list(pool.map(lambda _: changes.next_change_set(client, channel, 5), range(8)))
    assert len({s.id for s in sets if s is not None}) == 1
    assert sum(1 for s in sets if s is not None and not s.redelivered) == 1
