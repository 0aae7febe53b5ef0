"""``/v3/asset-changes``: partner channels and change-sets over real catalog changes.

These tests write to the catalog (ingest, update, delete), so they run on a
store of their own rather than the session's shared demo catalog; each test
is a new partner (API client) that arrives 61 days later, so that every
change made before it has aged out of the channels' 60-day window.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from photobank.app import create_app
from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.demo.generator import build_demo_catalog
from tests.conftest import SECURE_BASE, START, ContractClient
from tests.contract import validate
from tests.deployment import deployed

_SERIAL = itertools.count()
URL = "/v3/asset-changes/change-sets"


@dataclasses.dataclass
class Partner:
    client: ContractClient
    headers: dict[str, str]
    channels: dict[tuple[str, str], int]  # (AssetFamily, AssetType) -> ChannelId
    token_form: dict[str, str]

    def put(self, family: str = "Creative", **params: Any) -> Any:
        params.setdefault("channel_id", self.channels[family, "Image"])
        return self.client.put(URL, params=params, headers=self.headers)

    def confirm(self, change_set_id: str) -> Any:
        return self.client.delete(f"{URL}/{change_set_id}", headers=self.headers)

    def sign_in(self) -> None:
        """A new app token (tokens last 30 minutes; tests move the clock by days)."""
        token = self.client.post(f"{SECURE_BASE}/oauth2/token", data=self.token_form)
        self.headers["Authorization"] = f"Bearer {token.json()['access_token']}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, ManualClock]]:
    clock = ManualClock(START)
    settings = deployed(
        data_dir=Path(tmp_path_factory.mktemp("changes")),
        default_qps_limit=0,
        default_daily_limit=0,
        hash_cost="fast",
    )
    services = build_services(settings, clock)
    build_demo_catalog(services.catalog.repository, assets=30, seed=7)
    yield services, clock
    services.close()


@pytest.fixture(scope="module")
def services(store: tuple[Services, ManualClock]) -> Services:
    return store[0]


@pytest.fixture(scope="module")
def clock(store: tuple[Services, ManualClock]) -> ManualClock:
    return store[1]


@pytest.fixture(scope="module")
def http(services: Services) -> ContractClient:
    return ContractClient(create_app(services.settings, services), base_url="http://photobank.test")


@pytest.fixture
def partner(services: Services, http: ContractClient, clock: ManualClock) -> Partner:
    clock.advance(timedelta(days=61))
    return _partner(services, http)


def _partner(services: Services, http: ContractClient) -> Partner:
    client, secret = services.accounts.create_client(f"partner-{next(_SERIAL)}")
    form = {
        "grant_type": "client_credentials",
        "client_id": client.api_key,
        "client_secret": secret,
    }
    partner = Partner(http, {"Api-Key": client.api_key}, {}, form)
    partner.sign_in()
    listed = http.get("/v3/asset-changes/channels", headers=partner.headers)
    assert listed.status_code == 200, listed.text
    for channel in listed.json():
        validate(channel, "#/components/schemas/Channel")
    partner.channels = {(c["AssetFamily"], c["AssetType"]): c["ChannelId"] for c in listed.json()}
    return partner


def _new_asset(services: Services, family: str = "creative") -> Asset:
    """A fresh image of ``family``, ingested now."""
    [batch] = services.catalog.repository.iter_assets()
    template = next(a for a in batch if a.asset_type == "image")
    asset = dataclasses.replace(template, id=f"9{next(_SERIAL):08d}", asset_family=family)
    services.catalog.save_assets([asset])
    return asset


def _changes(response: Any) -> list[tuple[str, str, str | None]]:
    return [
        (c["id"], c["asset_lifecycle"], c["asset_type"]) for c in response.json()["changed_assets"]
    ]


def test_a_partner_has_a_channel_per_family_and_type(partner: Partner) -> None:
    assert sorted(partner.channels) == [
        ("Creative", "Film"),
        ("Creative", "Image"),
        ("Editorial", "Film"),
        ("Editorial", "Image"),
    ]


def test_a_change_set_holds_exactly_the_changes_of_its_channel_in_order(
    services: Services, partner: Partner, clock: ManualClock
) -> None:
    at = clock.now()
    first = _new_asset(services)
    clock.advance(timedelta(seconds=5))
    services.catalog.save_assets([dataclasses.replace(first, title="Retitled")], "update")
    elsewhere = _new_asset(services, "editorial")
    doomed = _new_asset(services)
    services.catalog.delete_assets([doomed.id])
    response = partner.put()
    assert response.status_code == 201
    assert _changes(response) == [
        (first.id, "New", "Image"),
        (first.id, "Update", "Image"),
        (doomed.id, "Delete", None),  # its ingest is left out: the asset is gone
    ]
    new, update, _delete = response.json()["changed_assets"]
    assert new["uri"] == f"http://photobank.test/v3/downloads/images/{first.id}"
    assert update["uri"] is None
    assert new["asset_changed_utc_datetime"] == f"{at:%Y-%m-%dT%H:%M:%S}Z"
    assert update["asset_changed_utc_datetime"] == f"{at + timedelta(seconds=5):%Y-%m-%dT%H:%M:%S}Z"
    editorial = partner.put("Editorial")
    assert _changes(editorial) == [(elsewhere.id, "New", "Image"), (doomed.id, "Delete", None)]


def test_an_unconfirmed_change_set_is_delivered_again_unchanged(
    services: Services, partner: Partner
) -> None:
    ingested = _new_asset(services)
    first = partner.put()
    _new_asset(services)  # arrives while the set is out
    again = partner.put()
    assert again.status_code == 200
    assert again.json() == first.json()
    assert _changes(again) == [(ingested.id, "New", "Image")]


def test_confirming_a_change_set_moves_the_channel_past_it(
    services: Services, partner: Partner
) -> None:
    first = _new_asset(services)
    delivered = partner.put().json()
    later = _new_asset(services)
    assert partner.confirm(delivered["change_set_id"]).status_code == 200
    following = partner.put()
    assert following.status_code == 201
    assert following.json()["change_set_id"] != delivered["change_set_id"]
    assert _changes(following) == [(later.id, "New", "Image")]
    assert first.id not in {c["id"] for c in following.json()["changed_assets"]}
    assert partner.confirm(following.json()["change_set_id"]).status_code == 200
    empty = partner.put()
    assert empty.status_code == 200 and empty.headers["content-type"].startswith("application/json")
    assert empty.json() == {"change_set_id": None, "changed_assets": []}
    assert partner.confirm(delivered["change_set_id"]).status_code == 200  # again: no change


def test_batch_size_caps_each_change_set(services: Services, partner: Partner) -> None:
    ids = [_new_asset(services).id for _ in range(3)]
    first = partner.put(batch_size=2)
    assert [c[0] for c in _changes(first)] == ids[:2]
    partner.confirm(first.json()["change_set_id"])
    assert [c[0] for c in _changes(partner.put(batch_size=2))] == ids[2:]


def test_channels_count_what_is_pending(services: Services, partner: Partner) -> None:
    _new_asset(services)
    _new_asset(services, "editorial")
    _new_asset(services, "editorial")
    listed = partner.client.get("/v3/asset-changes/channels", headers=partner.headers).json()
    counts = {(c["AssetFamily"], c["AssetType"]): c["NotificationCount"] for c in listed}
    assert counts == {
        ("Creative", "Image"): 1,
        ("Editorial", "Image"): 2,
        ("Creative", "Film"): 0,
        ("Editorial", "Film"): 0,
    }
    assert all("OldestChangeNotificationDateUtc" in c for c in listed if c["NotificationCount"])


def test_partners_are_isolated(services: Services, http: ContractClient, partner: Partner) -> None:
    other = _partner(services, http)
    assert set(other.channels.values()).isdisjoint(partner.channels.values())
    asset = _new_asset(services)
    mine = partner.put()
    assert _changes(other.put()) == [(asset.id, "New", "Image")]  # its own cursor
    refused = other.put(channel_id=partner.channels["Creative", "Image"])
    assert refused.status_code == 404
    assert refused.json()["ErrorMessage"] == "The channel you specified does not exist"
    assert other.confirm(mine.json()["change_set_id"]).status_code == 404
    assert partner.put().json() == mine.json()  # still unconfirmed


def test_changes_older_than_sixty_days_are_not_delivered(
    services: Services, partner: Partner, clock: ManualClock
) -> None:
    _new_asset(services)
    clock.advance(timedelta(days=60, seconds=1))
    recent = _new_asset(services)
    partner.sign_in()
    assert _changes(partner.put()) == [(recent.id, "New", "Image")]


@pytest.mark.parametrize(
    ("params", "status", "code", "named"),
    [
        ({}, 400, "InvalidChannelIdException", "channel_id"),
        ({"channel_id": "one"}, 400, "InvalidChannelIdException", "channel_id"),
        ({"channel_id": "999999"}, 404, "ChannelNotFound", "channel"),
        ({"batch_size": "0"}, 400, "InvalidParameterValue", "batch_size"),
        ({"batch_size": "2201"}, 400, "InvalidParameterValue", "batch_size"),
        ({"batch_size": "many"}, 400, "InvalidParameterValue", "batch_size"),
    ],
)
def test_bad_change_set_requests_are_refused(
    partner: Partner, params: dict[str, str], status: int, code: str, named: str
) -> None:
    if "batch_size" in params:
        params["channel_id"] = str(partner.channels["Creative", "Image"])
    response = partner.client.put(URL, params=params, headers=partner.headers)
    assert response.status_code == status
    assert response.json()["ErrorCode"] == code and named in response.json()["ErrorMessage"]


@pytest.mark.parametrize(
    ("change_set_id", "status", "code"),
    [("abc", 400, "InvalidChangeSetId"), ("-1", 400, "InvalidChangeSetId"),
     ("99999999", 404, "ChangeSetNotFound")],
)  # fmt: skip
def test_bad_confirmations_are_refused(
    partner: Partner, change_set_id: str, status: int, code: str
) -> None:
    response = partner.confirm(change_set_id)
    assert response.status_code == status and response.json()["ErrorCode"] == code


def test_asset_changes_need_an_access_token(http: ContractClient, partner: Partner) -> None:
    key_only = {"Api-Key": partner.headers["Api-Key"]}
    channel = partner.channels["Creative", "Image"]
    for response in (
        http.get("/v3/asset-changes/channels", headers=key_only),
        http.put(URL, params={"channel_id": channel}, headers=key_only),
        http.delete(f"{URL}/1", headers=key_only),
    ):
        assert response.status_code == 401
        assert response.json()["ErrorCode"] == "AuthorizationTokenRequired"


def test_ingesting_an_asset_that_exists_is_an_update(services: Services, partner: Partner) -> None:
    asset = _new_asset(services)
    services.catalog.save_assets([dataclasses.replace(asset, title="Loaded again")])
    services.catalog.delete_assets([asset.id])
    services.catalog.save_assets([asset])  # back after its delete: new again
    assert _changes(partner.put()) == [
        (asset.id, "New", "Image"),
        (asset.id, "Update", "Image"),
        (asset.id, "Delete", None),
        (asset.id, "New", "Image"),
    ]
