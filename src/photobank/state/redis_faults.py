"""The emulator's fault rules in Redis, so a rule added through one node fires on every node.

Rules are a hash of id -> the rule as JSON (``<prefix>emulator:faults``) and a list
of ids in the order they were added (``...:fault-order``); how often each fired is a
hash of counts (``...:fired``). A node matches requests against its copy of the
rules, read again whenever the emulator's version moves (see
:class:`~photobank.state.redis_emulator.RedisControls`), and counts a firing with
one Lua script that refuses once a rule's ``times`` are spent: "fail the next 3
searches" fails exactly 3, whichever nodes answer them. A rule with a probability
draws in the same script, from one stream for the deployment: the count of its
draws is a hash of counts too (``...:draws``), and draw n is picked by the same
hash of the seed and n as on one server (:func:`~photobank.emulator.faults.picked`).
So two nodes answering in turn do not fail the same requests, and a seed fails
the same matching requests, in the order they reach the deployment, however
many nodes answer them.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson
import redis

from photobank.emulator.faults import FaultRule, FaultSpec, HeldRules, RequestView, new_rule
from photobank.state.redis_client import answering

SPACE = "emulator:"
_UNSHARED = "the emulator's fault rules cannot be shared"
# KEYS: rules, fired, draws. ARGV: rule id, its times (-1: no limit), its probability,
# its seed. The new count of firings; -1 when spent (or removed); NOT_DRAWN.
_TAKE = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
local fired = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local times = tonumber(ARGV[2])
if times >= 0 and fired >= times then return -1 end
local probability = tonumber(ARGV[3])
if probability < 1 then
  local draw = redis.call('HINCRBY', KEYS[3], ARGV[1], 1) - 1
  local hashed = redis.sha1hex(ARGV[4] .. ':' .. string.format('%d', draw))
  if tonumber(string.sub(hashed, 1, 13), 16) / 4503599627370496 >= probability then
    return -2
  end
end
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
"""
NOT_DRAWN = -2


class RedisFaults(HeldRules):
    """A :class:`~photobank.emulator.faults.FaultBook` every node shares."""

    def __init__(self, client: redis.Redis, prefix: str, changed: Callable[[], None]) -> None:
        """``changed``: tell the other nodes the rules changed (the emulator's version)."""
        space = f"{prefix}{SPACE}"
        self._client = client
        self._rules_key, self._order_key = f"{space}faults", f"{space}fault-order"
        self._fired_key, self._draws_key = f"{space}fired", f"{space}draws"
        self._changed = changed
        self._take = client.register_script(_TAKE)
        super().__init__()  # the rules as this node last read them

    def refresh(self) -> None:
        """Read the rules and their counts again (another node changed them)."""
        with answering(_UNSHARED), self._client.pipeline(transaction=True) as pipe:
            pipe.lrange(self._order_key, 0, -1)
            pipe.hgetall(self._rules_key)
            pipe.hgetall(self._fired_key)
            order, specs, fired = pipe.execute()
        known = {rule.id: rule for rule in self._rules}  # keeps each rule's draws going
        rules = []
        for raw_id in order:
            if raw_id not in specs:
                continue
            rule_id = raw_id.decode()
            rule = known.get(rule_id) or new_rule(
                FaultSpec.model_validate_json(specs[raw_id]), rule_id
            )
            rule.fired = int(fired.get(raw_id, 0))
            rules.append(rule)
        with self._lock:
            self._rules = rules

    def add(self, spec: FaultSpec) -> FaultRule:
        rule = new_rule(spec)
        with answering(_UNSHARED), self._client.pipeline(transaction=True) as pipe:
            pipe.hset(self._rules_key, rule.id, orjson.dumps(spec.model_dump(mode="json")))
            pipe.rpush(self._order_key, rule.id)
            pipe.execute()
        with self._lock:
            self._rules = [*self._rules, rule]
        self._changed()
        return rule

    def list(self) -> list[FaultRule]:
        self.refresh()  # the counts other nodes fired
        return list(self._rules)

    def get(self, rule_id: str) -> FaultRule | None:
        return next((rule for rule in self.list() if rule.id == rule_id), None)

    def remove(self, rule_id: str) -> bool:
        with answering(_UNSHARED), self._client.pipeline(transaction=True) as pipe:
            pipe.hdel(self._rules_key, rule_id)
            pipe.lrem(self._order_key, 0, rule_id)
            pipe.hdel(self._fired_key, rule_id)
            pipe.hdel(self._draws_key, rule_id)
            removed = bool(pipe.execute()[0])
        with self._lock:
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
        self._changed()
        return removed

    def clear(self) -> None:
        with answering(_UNSHARED):
            self._client.delete(self._rules_key, self._order_key, self._fired_key, self._draws_key)
        with self._lock:
            self._rules = []
        self._changed()

    def pick(self, request: RequestView) -> FaultRule | None:
        keys = [self._rules_key, self._fired_key, self._draws_key]
        for rule in self._rules:
            if rule.remaining == 0 or not rule.matches(request):
                continue
            spec = rule.spec
            times = -1 if spec.times is None else spec.times
            args: list[str | int | float] = [rule.id, times, spec.probability, rule.seed]
            with answering(_UNSHARED):
                fired = int(self._take(keys=keys, args=args))
            if fired == NOT_DRAWN:
                continue
            if fired >= 0:
                rule.fired = fired
                return rule
            if rule.spec.times is not None:  # spent on other nodes (or removed): skip it now
                rule.fired = rule.spec.times
        return None
