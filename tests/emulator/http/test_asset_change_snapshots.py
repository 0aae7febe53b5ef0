"""Snapshots and reset cover asset-change channels: cursors and pending change-sets go back."""

from __future__ import annotations

import httpx

from photobank.testing import PhotobankEmulator
from tests.emulator.http.oauth import token

CHANGE_SETS = "/v3/asset-changes/change-sets"


def _headers(photobank: PhotobankEmulator) -> dict[str, str]:
    return {"Api-Key": photobank.api_key, "Authorization": f"Bearer {token(photobank)}"}


def _counts(photobank: PhotobankEmulator, headers: dict[str, str]) -> dict[int, int]:
    response = httpx.get(f"{photobank.base_url}/v3/asset-changes/channels", headers=headers)
    assert response.status_code == 200, response.text
    return {c["ChannelId"]: c["NotificationCount"] for c in response.json()}


def test_restore_and_reset_bring_back_unconfirmed_changes(photobank: PhotobankEmulator) -> None:
    headers = _headers(photobank)
    before = _counts(photobank, headers)
    channel = max(before, key=lambda c: before[c])  # one with changes to deliver
    url = f"{photobank.base_url}{CHANGE_SETS}"
    delivered = httpx.put(url, params={"channel_id": channel, "batch_size": 5}, headers=headers)
    assert delivered.status_code == 201, delivered.text
    photobank.snapshot("changes-out")
    change_set = delivered.json()["change_set_id"]
    assert httpx.delete(f"{url}/{change_set}", headers=headers).status_code == 200
    assert _counts(photobank, headers)[channel] == before[channel] - 5
    photobank.restore("changes-out")
    again = httpx.put(url, params={"channel_id": channel}, headers=headers)
    assert again.status_code == 200 and again.json() == delivered.json()
    photobank.reset()
    assert _counts(photobank, _headers(photobank)) == before
