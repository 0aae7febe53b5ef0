"""The asset-change service on its own: who is a partner, channel kinds, deletes everywhere,
one set at a time."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from photobank.auth.caller import MISSING_ACCESS_TOKEN, Caller
from photobank.auth.tokens import TokenInfo
from photobank.catalog.model import Asset
from photobank.changes.models import Partner
from photobank.changes.service import AssetChangeService, PartnerTokenRequired
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.demo.generator import build_demo_catalog
from photobank.errors import NotFound
from tests.conftest import START
from tests.deployment import deployed


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    clock = ManualClock(START)
    built = build_services(deployed(data_dir=tmp_path, hash_cost="fast"), clock)
    build_demo_catalog(built.catalog.repository, assets=12, seed=5)
    clock.advance(timedelta(days=61))  # the demo's ingests have aged out
    yield built
    built.close()


def _channels(
    services: Services,
) -> tuple[AssetChangeService, Partner, dict[tuple[str, str], int]]:
    client, _secret = services.accounts.create_client("partner")
    changes = services.asset_changes
    partner = Partner(client.id)
    return (
        changes,
        partner,
        {(c.asset_family, c.asset_type): c.id for c in changes.channels(partner)},
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


def test_a_partner_shows_a_token_of_its_own_client(services: Services) -> None:
    client, _secret = services.accounts.create_client("partner")
    changes = services.asset_changes
    with pytest.raises(PartnerTokenRequired) as refused:
        changes.partner(Caller(client, None, None))  # the Api-Key alone
    assert (refused.value.code, refused.value.message) == (
        "AuthorizationTokenRequired",
        MISSING_ACCESS_TOKEN,
    )
    token = TokenInfo(client.id, None, START + timedelta(hours=1))
    assert changes.partner(Caller(client, None, token)) == Partner(client.id)


def test_a_partner_sees_none_of_another_partners_channels(services: Services) -> None:
    changes, partner, channels = _channels(services)
    other = _channels(services)[1]
    assert not {c.id for c in changes.channels(other)} & set(channels.values())
    with pytest.raises(NotFound):
        changes.next_change_set(other, channels["creative", "image"], 5)
    assert changes.next_change_set(partner, channels["creative", "image"], 5) is None


def test_a_change_set_id_past_what_the_store_holds_names_none(services: Services) -> None:
    changes, partner, _ = _channels(services)
    for beyond in (2**31, 2**63 - 1):
        with pytest.raises(NotFound):
            changes.confirm(partner, beyond)
