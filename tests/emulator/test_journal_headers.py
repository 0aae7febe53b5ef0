"""Header lists go through the journal's packing and come back as they came."""

from __future__ import annotations

from datetime import UTC, datetime

from photobank.emulator.journal import Criteria, Journal
from tests.emulator.exchanges import JOURNAL_BUDGET, record

NOW = datetime(2026, 6, 1, tzinfo=UTC)

PAIRS = [
    (b"host", b"127.0.0.1:8080"),  # a colon in the value
    (b"accept", b""),
    (b"x-trace", b"a"),
    (b"x-trace", b"b"),  # repeated
    (b"location", b"https://app.example/cb?state=s:1"),
]


def test_headers_read_back_as_they_came() -> None:
    journal = Journal(5, JOURNAL_BUDGET, NOW.timestamp, lambda _key: None)
    record(journal, path="/", at=NOW, headers=PAIRS, response_headers=PAIRS[:2])
    record(journal, path="/bare", at=NOW, status=None)
    described, bare = journal.find(Criteria())
    assert described["request"]["headers"]["host"] == "127.0.0.1:8080"
    assert described["request"]["headers"]["x-trace"] == "a, b"
    assert described["request"]["headers"]["accept"] == ""
    assert described["response"]["headers"] == {"host": "127.0.0.1:8080", "accept": ""}
    assert bare["request"]["headers"] == {} and bare["response"]["headers"] == {}
    assert bare["response"]["status"] is None and bare["cut"]
