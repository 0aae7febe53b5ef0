"""The emulator's switches in Redis: one node's change is the others' on their next look, and
the first node of a deployment starts it afresh while the next ones join."""

from __future__ import annotations

import secrets

import redis

from photobank.state.redis_emulator import RedisControls


def _prefix() -> str:
    return f"controls-{secrets.token_hex(4)}:"


def test_a_change_published_by_one_node_is_read_once_by_the_other(redis_url: str) -> None:
    client, prefix = redis.Redis.from_url(redis_url), _prefix()
    one, other = RedisControls(client, prefix), RedisControls(client, prefix)
    assert other.changed() == {}  # nothing shared yet: keep its own
    assert other.changed() is None  # one GET, nothing new
    one.publish({"frozen": "", "offset": "3600000000", "journal": "1"})
    assert other.changed() == {"frozen": "", "offset": "3600000000", "journal": "1"}
    assert other.changed() is None
    other.publish({"frozen": "", "offset": "3600000000", "journal": "1"})  # the same: not sent
    assert one.changed() is None or one.changed() is None
    one.bump()  # the fault rules changed
    assert other.changed() is not None


def test_the_first_node_starts_afresh_the_next_joins_and_a_fresh_start_forgets(
    redis_url: str,
) -> None:
    client, prefix = redis.Redis.from_url(redis_url), _prefix()
    first = RedisControls(client, prefix)
    with first.starting() as fresh:
        assert fresh
    first.publish({"journal": "0"})
    leave = first.keep_alive()
    second = RedisControls(client, prefix)
    with second.starting() as fresh:
        assert not fresh
    assert second.changed() == {"journal": "0"}
    leave()
    second.keep_alive()()  # both gone: the next start is a fresh one
    third = RedisControls(client, prefix)
    with third.starting() as fresh:
        assert fresh
    assert third.changed() == {}  # what the earlier run left is forgotten


def test_a_node_of_this_host_whose_process_died_does_not_keep_the_emulator(
    redis_url: str,
) -> None:
    client, prefix = redis.Redis.from_url(redis_url), _prefix()
    with RedisControls(client, prefix).starting():
        pass
    (member,) = client.zrange(f"{prefix}emulator-nodes", 0, -1)
    host, _pid, nonce = member.decode().split(" ")
    client.zrem(f"{prefix}emulator-nodes", member)
    client.zadd(f"{prefix}emulator-nodes", {f"{host} 999999999 {nonce}": 2**40})  # no such pid
    with RedisControls(client, prefix).starting() as fresh:
        assert fresh
