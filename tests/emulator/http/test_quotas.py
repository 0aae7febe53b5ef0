"""Throttling limits set directly: an edge state in one call."""

from __future__ import annotations

import httpx

from photobank.testing import PhotobankEmulator


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
