"""What the nodes of a deployment must agree on, checked in Redis at start.

One node of a deployment holds a role that lives in a single process (the emulator's
clock, fault rules and journal), claimed in Redis so a second node refuses in one line
rather than diverge.

The claim is ``<prefix>claim:<role>`` = the holder's host and data directory,
set with a lease a daemon thread renews. A node killed with ``kill -9``
leaves the lease to run out, and the same data directory on the same host
(a restart: the data directory's own lock rules out two at once) takes its
claim back at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import redis

from photobank import errors
from photobank.state.redis_client import answering
from photobank.store.occupancy import Occupied

LEASE = 15  # seconds a claim outlives its holder's last renewal
_RENEW = LEASE / 3
# Renew or release the claim only while this holder still has it.
_IF_MINE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '0' then return redis.call('DEL', KEYS[1]) end
return redis.call('EXPIRE', KEYS[1], ARGV[2])
"""


def claim(
    client: redis.Redis, prefix: str, role: str, data_dir: Path, refusal: str
) -> Callable[[], None]:
    """Hold ``role``, renewed until the returned release is called (or the process ends);
    :class:`Occupied` (its text: ``refusal`` and the holder) when another node holds it."""
    key, holder = f"{prefix}claim:{role}", f"{socket.gethostname()}:{data_dir.resolve()}"
    if not client.set(key, holder, nx=True, ex=LEASE):
        held = client.get(key)
        held_by = held.decode() if isinstance(held, bytes) else held
        if held_by is not None and held_by != holder:
            raise Occupied(f"{refusal} (held by {held_by})")
        client.set(key, holder, ex=LEASE)
    if_mine = client.register_script(_IF_MINE)
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(_RENEW):
            try:
                if_mine(keys=[key], args=[holder, LEASE])
            except redis.RedisError:
                continue  # Redis away for a moment: the lease covers a few misses

    def release() -> None:
        stop.set()
        with contextlib.suppress(redis.RedisError):  # if Redis is away, the lease runs out
            if_mine(keys=[key], args=[holder, 0])

    threading.Thread(target=renew, name=f"claim {role}", daemon=True).start()
    return release


def check_signing_key(client: redis.Redis, prefix: str, key: bytes) -> None:
    """Refuse (:class:`errors.Conflict`, one line) a node whose signing key is not the one
    the deployment's first node noted: its signed URLs, forms and sessions would fail on
    every other node. Only a digest of the key is written."""
    digest = hashlib.sha256(b"photobank-signing-key\0" + key).hexdigest()[:32]
    with answering("this node's signing key cannot be compared with the other nodes'"):
        client.set(f"{prefix}signing-key", digest, nx=True)
        noted = client.get(f"{prefix}signing-key")
    if noted is not None and noted != digest.encode():
        raise errors.Conflict(
            "This node's signing.key differs from the other nodes' of this deployment: copy"
            " signing.key from another node's data directory into this one's."
        )
