"""The emulator's switches in Redis, so every node shows the same clock and settings.

The clock (frozen at, or offset from real time), whether the journal records,
whether answers are validated and the AI pacing are a hash of strings,
``<prefix>emulator:controls``, beside a version, ``...:version``, that grows
whenever they or the fault rules change. Each request to an emulator node begins
with one ``GET`` of the version; when another node moved it, this node reads the
switches and rules again before answering, so a clock set through one node is
the time on every node's next request. After a control request changed a switch,
its node writes them all (the last writer wins) and moves the version.

The nodes also share a start: ``<prefix>emulator-nodes`` holds a lease per
running node, each renewed by its node. The first node of a deployment (none
running) starts afresh, forgetting what an earlier run left in Redis and saving
the seed snapshot; the others join it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import redis

from photobank.media.locks import RedisLocks
from photobank.state.agreement import LEASE
from photobank.state.redis_client import answering
from photobank.state.redis_counters import clear_space
from photobank.state.redis_faults import SPACE

Controls = dict[str, str]
# Leases end on Redis's clock, the same for every node. KEYS: the nodes' sorted set.
_LIVE = """
local now = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)
"""
_RENEW = """
local now = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(now[1]) + tonumber(ARGV[2]), ARGV[1])
"""
_UNSHARED = "the emulator's clock and switches cannot be shared"


class RedisControls:
    """The switches every emulator node of a deployment shares, and their version."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._prefix = prefix
        self._space = f"{prefix}{SPACE}"
        self._version, self._controls = f"{self._space}version", f"{self._space}controls"
        # Outside the space a fresh start clears: member "host pid nonce" -> lease end.
        self._nodes = f"{prefix}emulator-nodes"
        self._member = f"{socket.gethostname()} {os.getpid()} {secrets.token_hex(4)}"
        self._live = client.register_script(_LIVE)
        self._renew = client.register_script(_RENEW)
        self._lock = threading.Lock()
        self._seen = -1  # the version this node's copy reflects (-1: none yet)
        self._written: Controls = {}

    def changed(self) -> Controls | None:
        """The switches when another node changed them (or the rules) since this node last
        looked, else ``None``: one ``GET`` when nothing changed."""
        with answering(_UNSHARED):
            raw = self._client.get(self._version)
            now = int(raw) if raw is not None else 0
            if now == self._seen:
                return None
            held: dict[bytes, bytes] = self._client.hgetall(self._controls)  # type: ignore[assignment]
        with self._lock:
            self._seen = now
        controls = {key.decode(): value.decode() for key, value in held.items()}
        self._written = controls
        return controls

    def publish(self, controls: Controls) -> None:
        """Write this node's switches for the others, if they differ from the shared ones."""
        if controls == self._written:
            return
        with answering(_UNSHARED), self._client.pipeline(transaction=True) as pipe:
            pipe.delete(self._controls)
            pipe.hset(self._controls, mapping=controls)  # type: ignore[arg-type]
            pipe.incr(self._version)
            after = int(pipe.execute()[-1])
        self._written = controls
        self._moved(after)

    def bump(self) -> None:
        """Tell the other nodes something they copy (the fault rules) changed."""
        with answering(_UNSHARED):
            self._moved(int(self._client.incr(self._version)))

    def _moved(self, after: int) -> None:
        with self._lock:
            if after - 1 == self._seen:  # nobody else changed anything meanwhile
                self._seen = after

    @contextmanager
    def starting(self) -> Iterator[bool]:
        """Hold the deployment's emulator start for the block, which learns whether this
        node starts it afresh (no other node runs it): then everything an earlier run
        left under ``emulator:`` is forgotten first. This node counts as running after."""
        locks = RedisLocks(self._client, self._prefix)
        with locks.hold("emulator-start"):
            with answering(_UNSHARED):
                fresh = not self._running()
                if fresh:
                    clear_space(self._client, self._space)
            yield fresh
            with answering(_UNSHARED):
                self._renew(keys=[self._nodes], args=[self._member, LEASE])

    def _running(self) -> list[str]:
        """The other nodes running the emulator: their leases live, and on this host their
        processes too (a node killed and started again need not wait out its lease)."""
        members = [m.decode() for m in self._live(keys=[self._nodes])]
        host = socket.gethostname()
        dead = [m for m in members if m.split(" ")[0] == host and not _alive(m.split(" ")[1])]
        if dead:
            self._client.zrem(self._nodes, *dead)
        return [m for m in members if m not in dead]

    def keep_alive(self) -> Callable[[], None]:
        """Renew this node's lease until the returned leave is called."""
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(LEASE / 3):
                with contextlib.suppress(redis.RedisError):  # the lease covers a few misses
                    self._renew(keys=[self._nodes], args=[self._member, LEASE])

        def leave() -> None:
            stop.set()
            with contextlib.suppress(redis.RedisError):  # else the lease runs out
                self._client.zrem(self._nodes, self._member)

        threading.Thread(target=renew, name="emulator lease", daemon=True).start()
        return leave


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True  # someone else's process, or not a number: leave it to its lease
    return True
