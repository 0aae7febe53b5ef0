"""What the nodes of a deployment must agree on, checked in Redis at start: the signing key.

Every node signs display and delivery URLs, tokens and forms with one key, read
from ``PHOTOBANK_SIGNING_KEY_FILE`` (one secret for every node) or from its data
directory's ``signing.key``. A node whose key differs from the one the
deployment's first node noted stops in one line: its signatures would fail on
every other node.
"""

from __future__ import annotations

import hashlib

import redis

from photobank import errors
from photobank.state.redis_client import answering

LEASE = 15  # seconds a node's lease (see redis_emulator) outlives its last renewal


def check_signing_key(client: redis.Redis, prefix: str, key: bytes) -> None:
    """Refuse (:class:`errors.Conflict`, one line) a node whose signing key is not the one
    the deployment's first node noted. Only a digest of the key is written."""
    digest = hashlib.sha256(b"photobank-signing-key\0" + key).hexdigest()[:32]
    with answering("this node's signing key cannot be compared with the other nodes'"):
        client.set(f"{prefix}signing-key", digest, nx=True)
        noted = client.get(f"{prefix}signing-key")
    if noted is not None and noted != digest.encode():
        raise errors.Conflict(
            "This node's signing key differs from the other nodes' of this deployment: give"
            " every node the same PHOTOBANK_SIGNING_KEY_FILE (or a copy of one node's"
            " signing.key in its data directory)."
        )
