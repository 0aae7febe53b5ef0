"""The journal's violations: a misspelled query parameter is always a warning there,
and what validation found is kept with its exchange, through the ring's batches."""

from __future__ import annotations

from datetime import UTC, datetime

from photobank.emulator.journal import Criteria, Journal
from photobank.emulator.ring import BATCH
from photobank.validation.violations import MESSAGE_KEY, Violation, packed
from tests.emulator.exchanges import JOURNAL_BUDGET, exchange, record

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _journal() -> Journal:
    return Journal(100, JOURNAL_BUDGET, NOW.timestamp, lambda _key: None)


def test_a_misspelled_query_parameter_is_a_warning_in_the_journal() -> None:
    journal = _journal()
    record(journal, path="/v3/search/images", at=NOW, query=b"phrse=cat&page=2")
    record(journal, path="/v3/search/images", at=NOW, query=b"phrase=cat")
    misspelled, spelled = journal.find(Criteria())
    assert misspelled["violations"] == [
        {
            "side": "request",
            "where": "query.phrse",
            "what": "unknown parameter",
            "expected": "a documented parameter",
            "got": "phrse",
            "severity": "warning",
        }
    ]
    assert spelled["violations"] == []


def test_violations_found_by_validation_are_kept_across_batches() -> None:
    journal = _journal()
    found = [Violation("response", "body.images[0].id", "type", "string", "7")]
    for _ in range(BATCH + 1):  # the first BATCH are marshalled together
        kept = exchange(path="/v3/images/1", at=NOW)
        kept[2][0][MESSAGE_KEY] = packed(found)
        journal.record(kept)
    entries = journal.find(Criteria())
    assert len(entries) == BATCH + 1
    assert {e["violations"][0]["where"] for e in entries} == {"body.images[0].id"}
