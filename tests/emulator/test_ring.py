"""The journal's ring marshals exchanges in batches: reading gives back the last ``size``."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime

import pytest

from photobank.emulator.journal import Criteria, Journal
from photobank.emulator.ring import BATCH
from tests.emulator.exchanges import JOURNAL_BUDGET, record

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _request(journal: Journal, number: int) -> None:
    record(
        journal,
        path=f"/v3/images/{number}",
        at=NOW,
        headers=[(b"x-number", str(number).encode())],
        response_headers=deque([(b"content-type", b"application/json")]),  # not marshallable
        response_body=f'{{"id":"{number}"}}'.encode(),
    )


@pytest.mark.parametrize("size", [1, 10, BATCH, BATCH + 1, 3 * BATCH])
def test_reading_gives_the_last_requests_in_order_across_batches(size: int) -> None:
    journal = Journal(size, JOURNAL_BUDGET, NOW.timestamp, lambda _key: None)
    total = 4 * BATCH + 5
    for number in range(total):
        _request(journal, number)
    found = journal.find(Criteria())
    assert len(journal) == len(found) == size
    assert [e["path"] for e in found] == [f"/v3/images/{n}" for n in range(total - size, total)]
    last = found[-1]
    assert last["id"] == total and last["at"] == NOW.isoformat()
    assert last["request"]["headers"] == {"x-number": str(total - 1)}
    assert last["response"]["headers"] == {"content-type": "application/json"}
    assert last["response"]["body"] == f'{{"id":"{total - 1}"}}'


def test_clearing_forgets_sealed_and_pending_requests() -> None:
    journal = Journal(1000, JOURNAL_BUDGET, NOW.timestamp, lambda _key: None)
    for number in range(BATCH + 3):
        _request(journal, number)
    journal.clear()
    assert len(journal) == 0 and journal.find(Criteria()) == []
    _request(journal, 7)
    assert [e["path"] for e in journal.find(Criteria())] == ["/v3/images/7"]


def test_the_journal_keeps_no_more_than_its_budget_of_bytes() -> None:
    budget = 64 * 1024
    journal = Journal(1000, budget, NOW.timestamp, lambda _key: None)
    for number in range(1000):
        body = f"{number:04d}".encode() * 1024  # 4 KB, each its own object
        record(journal, path=f"/v3/images/{number}", at=NOW, response_body=body)
    found = journal.find(Criteria())
    # Whole batches go at once: at most the budget's worth, the pending batch and one more.
    assert BATCH < len(found) <= budget // 4096 + 2 * BATCH
    assert found[-1]["path"] == "/v3/images/999"
