"""``GET /v3/asset-management/assets/send-events``: the assets sent to a customer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, premium, shopper

URL = "/v3/asset-management/assets/send-events"


@pytest.fixture
def restore_clock(clock: ManualClock) -> Iterator[ManualClock]:
    started = clock.now()
    yield clock
    clock.set(started)


@pytest.fixture
def buyer(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    return shopper(services, client, demo, ProductTerms("premiumaccess", download_limit=10))


def _download(client: ContractClient, who: Shopper, asset_id: str) -> None:
    response = client.post(
        f"/v3/downloads/images/{asset_id}?auto_download=false", headers=who.headers
    )
    assert response.status_code == 200, response.text


def _events(client: ContractClient, who: Shopper, **params: str) -> tuple[list[str], str | None]:
    response = client.get(URL, params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    emails = {e["email_address"] for e in body["asset_send_events"]}
    assert emails <= {who.customer.email}
    return [e["asset_id"] for e in body["asset_send_events"]], body["last_offset"]


@pytest.fixture
def sent(
    services: Services, client: ContractClient, buyer: Shopper, restore_clock: ManualClock
) -> list[str]:
    """Three downloads: one, then a second later two at the same instant."""
    ids = [a.id for a in images(services, 3, premium)]
    _download(client, buyer, ids[0])
    restore_clock.advance(timedelta(seconds=1, microseconds=250))
    _download(client, buyer, ids[1])
    _download(client, buyer, ids[2])
    return ids


def test_downloads_are_send_events_oldest_first(
    client: ContractClient, buyer: Shopper, sent: list[str], clock: ManualClock
) -> None:
    events, offset = _events(client, buyer)
    assert events == sent
    assert offset == clock.now().isoformat().replace("+00:00", "Z")
    assert _events(client, buyer, last_offset=str(offset)) == ([], offset)


def test_polling_from_the_last_offset_loses_no_event(
    client: ContractClient, buyer: Shopper, sent: list[str]
) -> None:
    first, offset = _events(client, buyer, event_count="2")
    assert first == sent[:1]  # the next two share an instant: both wait for the next page
    rest, _ = _events(client, buyer, event_count="2", last_offset=str(offset))
    assert rest == sent[1:]


def test_a_customer_sees_only_their_own_events(
    services: Services, client: ContractClient, demo: DemoCredentials, sent: list[str]
) -> None:
    stranger = shopper(services, client, demo)
    assert _events(client, stranger) == ([], None)


@pytest.mark.parametrize(
    ("params", "code", "named"),
    [
        ({"event_count": "0"}, "EventCountOutOfRange", "event_count"),
        ({"event_count": "101"}, "EventCountOutOfRange", "event_count"),
        ({"event_count": "ten"}, "InvalidParameterValue", "event_count"),
        ({"last_offset": "yesterday"}, "InvalidParameterValue", "last_offset"),
    ],
)
def test_bad_parameters_are_refused(
    client: ContractClient, buyer: Shopper, params: dict[str, str], code: str, named: str
) -> None:
    response = client.get(URL, params=params, headers=buyer.headers)
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == code and named in response.json()["ErrorMessage"]


def test_send_events_need_a_user_token(client: ContractClient, app_token: str) -> None:
    assert client.get(URL).json()["ErrorCode"] == "AuthorizationTokenRequired"
    app_only = client.get(URL, headers={"Authorization": f"Bearer {app_token}"})
    assert app_only.status_code == 401 and app_only.json()["ErrorCode"] == "UserTokenRequired"
