"""The journal in Redis: every node's exchanges in one ring, bounded in entries and bytes."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from types import SimpleNamespace

import redis

from photobank.accounts.models import ApiClient
from photobank.emulator.journal import Criteria, Journal
from photobank.state.redis_journal import RedisRing
from tests.emulator.exchanges import JOURNAL_BUDGET, record

AT = datetime(2026, 3, 1, tzinfo=UTC)


def _journals(
    redis_url: str, size: int = 5, budget: int = JOURNAL_BUDGET, client: object = None
) -> list[Journal]:
    """Two nodes' journals over one prefix; each knows one API client, ``client``."""
    connection, prefix = redis.Redis.from_url(redis_url), f"journal-{secrets.token_hex(4)}:"

    def by_key(key: str) -> ApiClient | None:
        return client if client is not None and key == "k1" else None  # type: ignore[return-value]

    def journal() -> Journal:
        ring = RedisRing(connection, prefix, size, budget, by_key, lambda _id: None)
        return Journal(size, budget, AT.timestamp, by_key, ring)

    return [journal(), journal()]


def test_each_node_reads_what_the_other_recorded_numbered_once(redis_url: str) -> None:
    client = SimpleNamespace(id=7, name="seven", api_key="k1")
    one, other = _journals(redis_url, client=client)
    record(one, path="/v3/images/1", at=AT, caller=SimpleNamespace(client=client, customer=None))
    json_body = {"headers": [(b"content-type", b"application/json")], "body": b'{"name": "b"}'}
    record(other, "POST", "/v3/boards", at=AT, status=201, **json_body)
    for journal in (one, other):
        entries = journal.find(Criteria())
        assert [(e["id"], e["method"], e["path"]) for e in entries] == [
            (1, "GET", "/v3/images/1"),
            (2, "POST", "/v3/boards"),
        ]
        assert entries[0]["client"] == {"id": 7, "name": "seven"}
        assert entries[1]["request"]["body"] == '{"name": "b"}'
        assert journal.count(Criteria(client="seven")) == 1
    one.clear()
    assert len(other) == 0
    record(other, at=AT)
    assert [e["id"] for e in one.find(Criteria())] == [3]  # numbers are not used again


def test_the_oldest_go_first_past_the_size_or_the_byte_budget(redis_url: str) -> None:
    one, other = _journals(redis_url, size=5)
    for n in range(12):
        record((one, other)[n % 2], path=f"/v3/images/{n}", at=AT)
    assert [e["path"] for e in one.find(Criteria())] == [f"/v3/images/{n}" for n in range(7, 12)]
    small, _ = _journals(redis_url, size=100, budget=2000)
    for n in range(20):
        record(small, path=f"/v3/images/{n}", at=AT, response_body=b"x" * 300)
    kept = small.find(Criteria())
    assert 1 <= len(kept) < 10 and kept[-1]["path"] == "/v3/images/19"
