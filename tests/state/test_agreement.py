"""A single-process role claimed in Redis: a second node refuses, a restarted one takes over."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from photobank.errors import Conflict
from photobank.state.claim import check_signing_key, claim
from photobank.store.occupancy import Occupied


def test_a_second_node_is_refused_and_the_same_one_restarted_is_not(
    redis_url: str, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(redis_url)
    release = claim(client, "claim-test:", "emulator", tmp_path / "a", "taken")
    with pytest.raises(Occupied, match=r"taken \(held by .*/a\)"):
        claim(client, "claim-test:", "emulator", tmp_path / "b", "taken")
    claim(client, "claim-test:", "emulator", tmp_path / "a", "taken")()  # a restart, released
    assert client.get("claim-test:claim:emulator") is None
    release()  # a release after another's is harmless ...
    claim(client, "claim-test:", "emulator", tmp_path / "b", "taken")()  # ... and b may claim
    claim(client, "other-deployment:", "emulator", tmp_path / "c", "taken")()


def test_a_node_signing_with_another_key_is_refused(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    check_signing_key(client, "signing-test:", b"k" * 32)  # the first node's key is noted
    check_signing_key(client, "signing-test:", b"k" * 32)
    with pytest.raises(Conflict, match=r"copy signing\.key from another node"):
        check_signing_key(client, "signing-test:", b"x" * 32)
    assert client.get("signing-test:signing-key") != b"k" * 32  # a digest only
