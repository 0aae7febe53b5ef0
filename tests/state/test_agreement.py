"""What the nodes must agree on, checked in Redis at start: one signing key."""

from __future__ import annotations

import pytest
import redis

from photobank.errors import Conflict
from photobank.state.agreement import check_signing_key


def test_a_node_signing_with_another_key_is_refused(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    check_signing_key(client, "signing-test:", b"k" * 32)  # the first node's key is noted
    check_signing_key(client, "signing-test:", b"k" * 32)
    with pytest.raises(Conflict, match=r"the same PHOTOBANK_SIGNING_KEY_FILE"):
        check_signing_key(client, "signing-test:", b"x" * 32)
    assert client.get("signing-test:signing-key") != b"k" * 32  # a digest only
