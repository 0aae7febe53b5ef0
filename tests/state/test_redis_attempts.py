"""Failed credential checks counted in Redis: a guesser gets the limit over all nodes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis

from photobank.accounts.attempts import LIMIT, FailedAttempts, TooManyFailedAttempts
from photobank.clock import ManualClock
from photobank.state.redis_attempts import RedisFailureLog

GUESSER = [("customer", "ada"), ("address", "192.0.2.7")]


def test_failures_on_every_node_add_up_and_a_success_clears_them(redis_url: str) -> None:
    client, clock = redis.Redis.from_url(redis_url), ManualClock()
    nodes = [FailedAttempts(clock, 0, log=RedisFailureLog(client, "attempts-test:")) for _ in "ab"]
    for n in range(LIMIT):
        nodes[n % 2].check("customer", GUESSER)
        nodes[n % 2].failed(GUESSER)
    for node in nodes:
        with pytest.raises(TooManyFailedAttempts) as refused:
            node.check("customer", GUESSER[:1])
        assert refused.value.retry_after == 60
    clock.advance(timedelta(seconds=61))  # the window slid past every failure
    nodes[1].check("customer", GUESSER)
    nodes[0].failed(GUESSER)
    nodes[1].succeeded(GUESSER[0])
    nodes[0].check("customer", GUESSER[:1])
    nodes[0].failed(GUESSER[1:] * (LIMIT - 1))  # the address's failure stayed: now at the limit
    with pytest.raises(TooManyFailedAttempts):
        nodes[1].check("customer", GUESSER[1:])
    nodes[0].clear()  # a node catching up with another's write forgets its caches only
    with pytest.raises(TooManyFailedAttempts):
        nodes[1].check("customer", GUESSER[1:])
