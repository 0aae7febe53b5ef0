"""The journal's ring, queries, verification diff and redaction, without a server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from photobank.emulator import redact
from photobank.emulator.journal import Criteria, Journal
from tests.emulator.exchanges import JOURNAL_BUDGET, record

NOW = datetime(2026, 6, 1, tzinfo=UTC)
SECRET = "s3cr3t-value-0123456789"


def _journal(size: int = 10) -> Journal:
    return Journal(size, JOURNAL_BUDGET, NOW.timestamp, lambda _key: None)


def _add(journal: Journal, method: str = "GET", path: str = "/v3/images/1", **kwargs: Any) -> None:
    record(journal, method, path, at=NOW, **kwargs)


def test_the_ring_keeps_the_most_recent_entries() -> None:
    journal = _journal(size=3)
    for number in range(5):
        _add(journal, path=f"/v3/images/{number}")
    assert [e["path"] for e in journal.find(Criteria())] == [
        "/v3/images/2",
        "/v3/images/3",
        "/v3/images/4",
    ]


def test_queries_filter_by_method_path_status_and_query() -> None:
    journal = _journal()
    _add(journal, path="/v3/images/1", status=200)
    _add(journal, path="/v3/images/2", status=404)
    _add(journal, method="POST", path="/oauth2/token", status=200)
    _add(journal, path="/v3/search/images", query=b"phrase=cat&page=2")
    assert journal.count(Criteria(path="/v3/images/*")) == 2
    assert journal.count(Criteria(status="4xx")) == 1
    assert journal.count(Criteria(status=200, method="post")) == 1
    assert journal.count(Criteria(query={"phrase": "cat"})) == 1
    assert [e["path"] for e in journal.find(Criteria(), limit=1)] == ["/v3/search/images"]
    journal.clear()
    assert journal.count(Criteria()) == 0


def test_a_status_filter_that_cannot_match_is_refused() -> None:
    with pytest.raises(ValueError, match="4xx"):
        Criteria(status="four hundred")


def test_verify_explains_a_miss_with_the_nearest_requests() -> None:
    journal = _journal()
    _add(journal, path="/v3/images/123", status=404)
    _add(journal, method="POST", path="/oauth2/token")
    result = journal.verify(Criteria(method="GET", path="/v3/images/123", status=200))
    assert not result.ok and result.matched == 0
    assert "Expected at least 1 request(s) matching:" in result.message
    assert "#1 GET /v3/images/123 -> 404" in result.message
    assert "status: expected 200, got 404" in result.message
    assert journal.verify(Criteria(path="/v3/images/123"), count=1).ok
    assert not journal.verify(Criteria(path="/v3/images/123"), count=2).ok


def test_secrets_are_masked_when_read() -> None:
    journal = _journal()
    headers = [(b"api-key", SECRET.encode()), (b"authorization", f"Bearer {SECRET}".encode())]
    form = f"grant_type=password&client_id={SECRET}&client_secret={SECRET}&password={SECRET}"
    answer = f'{{"access_token":"{SECRET}","refresh_token":"{SECRET}","expires_in":"1800"}}'
    _add(
        journal,
        method="POST",
        path="/oauth2/token",
        body=form.encode(),
        headers=[*headers, (b"content-type", b"application/x-www-form-urlencoded")],
        response_headers=[(b"content-type", b"application/json")],
        response_body=answer.encode(),
    )
    [described] = journal.find(Criteria())
    assert SECRET not in repr(described)
    assert described["request"]["headers"]["api-key"] == redact.MASK
    assert '"expires_in":"1800"' in described["response"]["body"]
    assert "grant_type=password" in described["request"]["body"]


def test_json_redaction_survives_a_cut_off_body() -> None:
    text = redact.body(f'{{"error": 1, "refresh_token": "{SECRET}'.encode(), "application/json")
    assert SECRET not in text


def test_getty_error_codes_are_not_mistaken_for_secrets() -> None:
    body = b'{"code":"ImageNotFound","message":"Image not found: 1"}'
    assert redact.body(body, "application/json") == body.decode()


def test_sign_in_redirects_have_their_code_or_token_masked() -> None:
    raw = [
        (b"location", f"https://app.example/cb?code={SECRET}&state=s1".encode()),
        (b"x-other", b"https://app.example/cb?code=kept"),
    ]
    masked = redact.headers(raw)
    assert SECRET not in masked["location"] and "state=s1" in masked["location"]
    assert masked["x-other"].endswith("code=kept")
    fragment = redact.headers([(b"location", f"/cb#access_token={SECRET}&state=s".encode())])
    assert SECRET not in fragment["location"] and fragment["location"].startswith("/cb#")
    plain = "/oauth2/sign-in?response_type=code&client_id=k&state=s"
    masked_plain = redact.headers([(b"location", plain.encode())])["location"]
    assert "client_id=[redacted]" in masked_plain and "state=s" in masked_plain
    assert redact.headers([(b"location", b"/swagger")])["location"] == "/swagger"
