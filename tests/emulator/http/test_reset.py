"""Reset and named snapshots: the store, the index and every cache go back."""

from __future__ import annotations

import httpx
import pytest

from photobank.testing import ControlError, PhotobankEmulator
from tests.emulator.http.oauth import token, token_request


def _ids(photobank: PhotobankEmulator, phrase: str, key: str | None = None) -> list[str]:
    response = httpx.get(
        f"{photobank.base_url}/v3/search/images",
        params={"phrase": phrase, "fields": "id,title", "page_size": 100},
        headers={"Api-Key": key or photobank.api_key},
    )
    assert response.status_code == 200, response.text
    return [image["id"] for image in response.json()["images"]]


def _title(photobank: PhotobankEmulator, asset_id: str) -> str:
    response = httpx.get(
        f"{photobank.base_url}/v3/images/{asset_id}",
        params={"fields": "id,title"},
        headers={"Api-Key": photobank.api_key},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["images"][0]["title"])


def test_reset_undoes_clients_customers_assets_and_search(photobank: PhotobankEmulator) -> None:
    [existing] = _ids(photobank, "", None)[:1]
    title = _title(photobank, existing)
    client = photobank.create_client("temporary", qps_limit=0, daily_limit=0)
    photobank.create_customer("temp-user", "pw-123456")
    photobank.fixtures.load(
        [
            {"id": existing, "title": "Changed by a test", "keywords": ["okapi"]},
            {"id": "177996097", "title": "Quokka", "keywords": ["okapi"]},
        ]
    )
    assert _title(photobank, existing) == "Changed by a test"
    assert sorted(_ids(photobank, "okapi")) == sorted([existing, "177996097"])
    assert _ids(photobank, "okapi", client["api_key"])  # the new client works
    result = photobank.reset()
    assert result["changed_assets"] == 2
    assert _title(photobank, existing) == title
    assert _ids(photobank, "okapi") == []
    gone = httpx.get(
        f"{photobank.base_url}/v3/search/images", headers={"Api-Key": client["api_key"]}
    )
    assert gone.status_code == 403 and gone.json() == {"message": "Account Inactive"}
    refused = token_request(photobank, username="temp-user", password="pw-123456")
    assert refused.status_code in (400, 401)


def test_reset_revokes_tokens_issued_since_the_seed(photobank: PhotobankEmulator) -> None:
    headers = {"Api-Key": photobank.api_key, "Authorization": f"Bearer {token(photobank)}"}
    url = f"{photobank.base_url}/v3/search/images"
    assert httpx.get(url, headers=headers).status_code == 200
    photobank.reset()
    assert httpx.get(url, headers=headers).status_code == 401


def test_named_snapshots_save_and_restore(photobank: PhotobankEmulator) -> None:
    photobank.fixtures.load([{"id": "467073457", "title": "First", "keywords": ["wombat"]}])
    photobank.snapshot("one-wombat")
    photobank.fixtures.load([{"id": "467073457", "title": "Second"}])
    photobank.fixtures.load([{"id": "200261415-001", "keywords": ["wombat"]}])
    assert sorted(_ids(photobank, "wombat")) == ["200261415-001"]
    restored = photobank.restore("one-wombat")
    assert restored["changed_assets"] == 2
    assert _ids(photobank, "wombat") == ["467073457"]
    assert _title(photobank, "467073457") == "First"
    photobank.reset()  # diverge from the snapshot, then go back to it
    photobank.fixtures.load([{"id": "200261415-001", "keywords": ["wombat"]}])
    photobank.restore("one-wombat")
    assert _ids(photobank, "wombat") == ["467073457"]
    assert "one-wombat" in photobank.status()["snapshots"]


def test_the_seed_snapshot_is_protected(photobank: PhotobankEmulator) -> None:
    with pytest.raises(ControlError) as caught:
        photobank.snapshot("seed")
    assert caught.value.status == 409
    with pytest.raises(ControlError) as missing:
        photobank.restore("never-saved")
    assert missing.value.status == 404


def test_reset_is_fast(photobank: PhotobankEmulator) -> None:
    photobank.fixtures.load([{"id": "177996097"}])
    assert photobank.reset()["ms"] < 1000  # the bench measures it properly


def test_ids_handed_out_after_a_reset_continue_from_the_seed(photobank: PhotobankEmulator) -> None:
    """The id counters go back with the rows: a script that reset the emulator gets the
    same ids on every run (PostgreSQL's sequences are set back as SQLite's counters are)."""
    first = photobank.create_customer("counted-once", "pw-123456")
    photobank.reset()
    again = photobank.create_customer("counted-again", "pw-123456")
    assert again["id"] == first["id"]
