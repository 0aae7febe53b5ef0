"""Throttling limits set directly: an edge state in one call."""

from __future__ import annotations

import httpx
import pytest

from photobank.demo.credentials import demo_customers
from photobank.testing import ControlError, PhotobankEmulator
from tests.emulator.http.oauth import token


def test_a_qps_limit_throttles_within_one_frozen_second(photobank: PhotobankEmulator) -> None:
    photobank.clock.freeze()
    assert photobank.set_limits(qps=2)["qps_limit"] == 2
    url = f"{photobank.base_url}/v3/search/images"
    statuses = [httpx.get(url, headers={"Api-Key": photobank.api_key}).status_code for _ in "abc"]
    assert statuses == [200, 200, 403]
    photobank.clock.advance(1)
    assert httpx.get(url, headers={"Api-Key": photobank.api_key}).status_code == 200


def test_limits_revert_on_reset(photobank: PhotobankEmulator) -> None:
    photobank.set_limits(qps=1, daily=1, used_today=1)
    url = f"{photobank.base_url}/v3/search/images"
    assert httpx.get(url, headers={"Api-Key": photobank.api_key}).status_code == 403
    photobank.reset()
    assert httpx.get(url, headers={"Api-Key": photobank.api_key}).status_code == 200


def test_remaining_downloads_are_set_in_one_call(photobank: PhotobankEmulator) -> None:
    [packs] = [c for c in demo_customers(42) if c.username == "packs"]
    access = token(photobank, username=packs.username, password=packs.password)
    headers = {"Api-Key": photobank.api_key, "Authorization": f"Bearer {access}"}
    products = httpx.get(f"{photobank.base_url}/v3/products", headers=headers).json()["products"]
    [pack] = products
    result = photobank.set_remaining_downloads("packs", pack["id"], 0)
    assert result["downloads_remaining"] == 0
    with pytest.raises(ControlError) as caught:
        photobank.set_remaining_downloads("packs", pack["id"], 99)  # above the pack's limit
    assert caught.value.status == 400
    with pytest.raises(ControlError) as unknown:
        photobank.set_remaining_downloads("nobody", pack["id"], 1)
    assert unknown.value.status == 404
    photobank.reset()
    assert photobank.set_remaining_downloads("packs", pack["id"], 3)["downloads_remaining"] == 3
