"""Delivery URLs: signed over asset, size, customer and expiry; worthless when edited or late."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from photobank.clock import ManualClock
from photobank.media.delivery import DeliveryUrls, ExpiredDeliveryUrl, InvalidDeliveryUrl
from photobank.media.signing import Signer

BASE = "https://bank.test"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def urls(clock: ManualClock) -> DeliveryUrls:
    return DeliveryUrls(Signer(b"k" * 32), clock, ttl_seconds=600)


def _parts(url: str) -> tuple[str, str, str, str, str]:
    split = urlsplit(url)
    *_, asset_id, size = split.path.split("/")
    query = {name: values[0] for name, values in parse_qs(split.query).items()}
    return asset_id, size, query["c"], query["e"], query["s"]


def test_a_url_names_its_route_asset_size_and_customer_and_verifies(
    urls: DeliveryUrls, clock: ManualClock
) -> None:
    url = urls.url(BASE, "12345", "large", 7)
    assert url.startswith(f"{BASE}/media/delivery/12345/large?c=7&e=")
    assert int(_parts(url)[3]) == int(clock.now().timestamp()) + 600
    urls.verify(*_parts(url))  # no error
    own = urls.url(BASE, "gen-1", "1024x1024", 7, route="/media/generated")
    assert own.startswith(f"{BASE}/media/generated/gen-1/1024x1024?c=7&")


@pytest.mark.parametrize("edited", range(5))
def test_editing_any_part_makes_the_url_invalid(urls: DeliveryUrls, edited: int) -> None:
    parts = list(_parts(urls.url(BASE, "12345", "large", 7)))
    parts[edited] = {0: "12346", 1: "original", 2: "8", 3: str(int(parts[3]) + 1)}.get(
        edited, "A" * 22
    )
    with pytest.raises(InvalidDeliveryUrl):
        urls.verify(*parts)


def test_a_url_expires_after_its_time(urls: DeliveryUrls, clock: ManualClock) -> None:
    parts = _parts(urls.url(BASE, "12345", "large", 7))
    clock.advance(timedelta(seconds=600))
    urls.verify(*parts)  # good up to its last second
    clock.advance(timedelta(seconds=1))
    with pytest.raises(ExpiredDeliveryUrl):
        urls.verify(*parts)


def test_another_servers_key_is_refused(urls: DeliveryUrls, clock: ManualClock) -> None:
    other = DeliveryUrls(Signer(b"o" * 32), clock, ttl_seconds=600)
    with pytest.raises(InvalidDeliveryUrl):
        urls.verify(*_parts(other.url(BASE, "12345", "large", 7)))
