"""Fault rules in Redis: a rule added on one node fires on every node, its times counted once."""

from __future__ import annotations

import multiprocessing
import secrets
from concurrent.futures import ThreadPoolExecutor

import redis

from photobank.emulator.faults import Faults, FaultSpec, RequestView
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


def _node_drawing(redis_url: str, prefix: str, draws: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """A node process: joins the deployment's rules and answers ``draws`` searches."""
    node = RedisFaults(redis.Redis.from_url(redis_url), prefix, lambda: None)
    node.refresh()
    out.put([node.pick(SEARCH) is not None for _ in range(draws)])


def test_node_processes_share_one_seeded_stream_rather_than_repeat_it(redis_url: str) -> None:
    prefix = f"faults-{secrets.token_hex(4)}:"
    spec = FaultSpec(path="/v3/search/*", status=503, probability=0.5, seed=3)
    RedisFaults(redis.Redis.from_url(redis_url), prefix, lambda: None).add(spec)
    one_server = Faults()
    one_server.add(spec)
    alone = [one_server.pick(SEARCH) is not None for _ in range(160)]
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue[list[bool]] = context.Queue()

    def nodes(count: int, draws: int) -> list[list[bool]]:
        started = [
            context.Process(target=_node_drawing, args=(redis_url, prefix, draws, out))
            for _ in range(count)
        ]
        for process in started:
            process.start()
        answers = [out.get(timeout=30) for _ in started]
        for process in started:
            process.join(10)
        return answers

    in_turn = nodes(1, 40)[0] + nodes(1, 40)[0]
    assert in_turn == alone[:80]  # what one server fails, not the first 40 twice
    assert in_turn[:40] != in_turn[40:]
    at_once = nodes(2, 40)
    assert sum(map(sum, at_once)) == sum(alone[80:])  # the next 80 draws, however shared
