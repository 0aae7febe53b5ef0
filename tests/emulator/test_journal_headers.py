"""The journal packs each header list into one bytes object: reading it back loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from photobank.emulator.journal import Criteria, Journal

PAIRS = [
    (b"host", b"127.0.0.1:8080"),  # a colon in the value
    (b"accept", b""),
    (b"x-trace", b"a"),
    (b"x-trace", b"b"),  # repeated
    (b"location", b"https://app.example/cb?state=s:1"),
]


def test_headers_read_back_as_they_came() -> None:
    journal = Journal(5, lambda: datetime(2026, 6, 1, tzinfo=UTC), lambda _key: None)
    entry = journal.start({"method": "GET", "path": "/", "query_string": b"", "headers": PAIRS})
    entry.response_headers = PAIRS[:2]
    journal.add(entry)
    assert entry.headers == PAIRS
    assert entry.response_headers == PAIRS[:2]
    [described] = journal.find(Criteria())
    assert described["request"]["headers"]["host"] == "127.0.0.1:8080"
    assert described["request"]["headers"]["x-trace"] == "a, b"
    assert described["request"]["headers"]["accept"] == ""
    assert described["response"]["headers"] == {"host": "127.0.0.1:8080", "accept": ""}
    bare = journal.start({"method": "GET", "path": "/", "query_string": b"", "headers": []})
    assert bare.headers == [] and bare.response_headers == []
