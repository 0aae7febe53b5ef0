"""Fault rules in Redis: a rule added on one node fires on every node, its times counted once."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor

import redis

from photobank.emulator.faults import FaultSpec, RequestView
from photobank.state.redis_faults import RedisFaults

SEARCH = RequestView("GET", "/v3/search/images", "key", None)


def _nodes(redis_url: str, count: int = 2) -> tuple[list[RedisFaults], list[int]]:
    """``count`` nodes' rules over one prefix, and how often each told the others."""
    client, prefix = redis.Redis.from_url(redis_url), f"faults-{secrets.token_hex(4)}:"
    told = [0] * count

    def teller(n: int) -> object:
        return lambda: told.__setitem__(n, told[n] + 1)

    return [RedisFaults(client, prefix, teller(n)) for n in range(count)], told  # type: ignore[arg-type]


def test_fail_the_next_three_fires_exactly_three_times_over_all_nodes(redis_url: str) -> None:
    nodes, told = _nodes(redis_url, 3)
    rule = nodes[0].add(FaultSpec(path="/v3/search/*", status=503, times=3))
    assert told == [1, 0, 0]
    for node in nodes[1:]:
        node.refresh()  # what a node does when the version moved

    def ask(n: int) -> str | None:
        picked = nodes[n % 3].pick(SEARCH)
        return picked.id if picked else None

    with ThreadPoolExecutor(6) as pool:
        fired = list(pool.map(ask, range(30)))
    assert fired.count(rule.id) == 3
    assert [r.describe()["remaining"] for r in nodes[2].list()] == [0]
    assert nodes[1].get(rule.id) is not None and nodes[1].get(rule.id).fired == 3  # type: ignore[union-attr]


def test_rules_keep_their_order_and_a_removal_or_clear_reaches_every_node(
    redis_url: str,
) -> None:
    (one, other), _ = _nodes(redis_url)
    first = one.add(FaultSpec(path="/v3/search/*", preset="throttle-qps"))
    second = one.add(FaultSpec(status=500, api_key="key"))
    other.refresh()
    assert [r.id for r in other.list()] == [first.id, second.id]
    assert other.needs_client and bool(other)
    assert other.pick(SEARCH) is not None and other.pick(SEARCH).id == first.id  # type: ignore[union-attr]
    assert other.remove(first.id) and not other.remove(first.id)
    one.refresh()
    assert [r.id for r in one.list()] == [second.id]
    assert one.list()[0].describe()["fired"] == 0
    one.clear()
    other.refresh()
    assert not other and other.pick(SEARCH) is None


def test_a_rule_removed_on_another_node_no_longer_fires_here(redis_url: str) -> None:
    (one, other), _ = _nodes(redis_url)
    rule = one.add(FaultSpec(status=503))
    other.refresh()
    one.remove(rule.id)
    assert other.pick(SEARCH) is None  # its copy is stale, the count refuses
