"""The journal over HTTP: what was sent, by whom, with secrets masked."""

from __future__ import annotations

import json

import httpx
import pytest

from photobank.testing import JournalMismatch, PhotobankEmulator
from tests.emulator.http.oauth import token


def test_entries_name_the_client_and_customer_and_never_hold_secrets(
    photobank: PhotobankEmulator,
) -> None:
    access = token(photobank, username=photobank.username, password=photobank.password)
    search = httpx.get(
        f"{photobank.base_url}/v3/search/images",
        params={"phrase": "beach", "fields": "id"},
        headers={"Api-Key": photobank.api_key, "Authorization": f"Bearer {access}"},
    )
    assert search.status_code == 200
    entries = photobank.journal.find()
    text = json.dumps(entries)
    for secret in (photobank.api_key, photobank.api_secret, photobank.password, access):
        assert secret not in text
    login, found = entries
    assert login["customer"]["username"] == "demo"
    assert login["client"]["name"] == "photobank demo"
    assert found["customer"]["username"] == "demo"
    assert found["request"]["headers"]["authorization"] == "[redacted]"
    assert found["response"]["status"] == 200
    assert found["query"] == "phrase=beach&fields=id"
    assert found["duration_ms"] > 0


def test_queries_count_and_clear(photobank: PhotobankEmulator) -> None:
    headers = {"Api-Key": photobank.api_key}
    httpx.get(f"{photobank.base_url}/v3/images/1", headers=headers)
    httpx.get(f"{photobank.base_url}/v3/search/images", params={"phrase": "cat"}, headers=headers)
    assert photobank.journal.count(status="4xx") == 1
    assert photobank.journal.count(path="/v3/search/*", query={"phrase": "cat"}) == 1
    assert photobank.journal.count(client=photobank.api_key) == 2
    assert photobank.journal.count(client="photobank demo", method="POST") == 0
    photobank.journal.clear()
    assert photobank.journal.count() == 0


def test_verify_passes_or_fails_with_a_readable_diff(photobank: PhotobankEmulator) -> None:
    httpx.get(f"{photobank.base_url}/v3/images/1", headers={"Api-Key": photobank.api_key})
    assert photobank.journal.verify(method="GET", path="/v3/images/1", status=404, count=1) == 1
    with pytest.raises(JournalMismatch) as caught:
        photobank.journal.verify(method="GET", path="/v3/images/2")
    assert "path: expected '/v3/images/2', got '/v3/images/1'" in str(caught.value)


def test_recording_can_be_switched_off(photobank: PhotobankEmulator) -> None:
    photobank.journal.disable()
    httpx.get(f"{photobank.base_url}/health")
    photobank.journal.enable()
    httpx.get(f"{photobank.base_url}/health")
    assert photobank.journal.count(path="/health") == 1
    assert photobank.journal.count(path="/__photobank/*") == 0  # controls are never journaled
