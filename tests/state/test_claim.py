"""A single-process role claimed in Redis: a second node refuses, a restarted one takes over."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from photobank.state.claim import claim
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
