"""Moving the server's clock: tokens expire and daily windows roll over, without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from photobank.testing import PhotobankEmulator
from tests.emulator.http.oauth import token


def test_access_tokens_expire_when_time_moves(photobank: PhotobankEmulator) -> None:
    photobank.clock.freeze()
    access = token(photobank)
    headers = {"Api-Key": photobank.api_key, "Authorization": f"Bearer {access}"}
    url = f"{photobank.base_url}/v3/search/images"
    photobank.clock.advance(minutes=29)
    assert httpx.get(url, headers=headers).status_code == 200
    photobank.clock.advance(minutes=2)
    assert httpx.get(url, headers=headers).status_code == 401


def test_daily_limits_roll_over_at_midnight_utc(photobank: PhotobankEmulator) -> None:
    photobank.clock.freeze(datetime(2030, 3, 1, 23, 59, tzinfo=UTC))
    photobank.set_limits(daily=2, used_today=2)
    url = f"{photobank.base_url}/v3/search/images"
    refused = httpx.get(url, headers={"Api-Key": photobank.api_key})
    assert refused.status_code == 403
    assert refused.json() == {"message": "Account Over Rate Limit"}
    photobank.clock.advance(minutes=2)
    assert httpx.get(url, headers={"Api-Key": photobank.api_key}).status_code == 200


def test_clock_state_set_resume_and_reset(photobank: PhotobankEmulator) -> None:
    when = datetime(2031, 1, 1, tzinfo=UTC)
    state = photobank.clock.freeze(when)
    assert state["frozen"] is True and photobank.clock.now() == when
    photobank.clock.set(datetime(2032, 1, 1, tzinfo=UTC))
    assert photobank.clock.now().year == 2032
    assert photobank.clock.resume()["frozen"] is False
    assert photobank.clock.now().year == 2032
    photobank.reset()
    assert abs((photobank.clock.now() - datetime.now(UTC)).total_seconds()) < 60


def test_delivery_urls_expire_when_time_moves(photobank: PhotobankEmulator) -> None:
    photobank.clock.freeze()
    access = token(photobank, username=photobank.username, password=photobank.password)
    headers = {"Api-Key": photobank.api_key, "Authorization": f"Bearer {access}"}
    found = httpx.get(
        f"{photobank.base_url}/v3/search/images/creative",
        params={"phrase": "", "fields": "id", "page_size": 1},
        headers=headers,
    ).json()["images"][0]["id"]
    licensed = httpx.post(f"{photobank.base_url}/v3/downloads/images/{found}", headers=headers)
    assert licensed.status_code == 303, licensed.text
    uri = licensed.headers["location"]
    assert httpx.head(uri).status_code == 200
    photobank.clock.advance(days=2)
    expired = httpx.get(uri)
    assert expired.status_code == 403
    assert "expired" in expired.text
