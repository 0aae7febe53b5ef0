"""No caller can make the server keep more than its configured cache budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import traffic

from photobank.emulator.process import ServerOptions, running_emulator

BUDGETS_MB = {
    "V3_ANSWER_CACHE_MB": 6,
    "PROJECTION_CACHE_MB": 6,
    "LEGACY_ANSWER_CACHE_MB": 4,
    "LEGACY_DOCUMENT_CACHE_MB": 4,
    "ASSET_CACHE_MB": 4,
    "SIMILAR_CACHE_MB": 2,
    "MEDIA_URL_CACHE_MB": 2,
    "ACCOUNT_CACHE_MB": 2,
    "MEDIA_MEMORY_CACHE_MB": 4,
    "JOURNAL_MB": 4,
}
BUSTING = 5_000
# What the allocator keeps beyond live objects after a burst: freed blocks it has
# not returned, arenas half in use. Measured at 8-20 MiB; without budgets in bytes
# the same requests grew the server by hundreds of MiB.
ALLOCATOR_SLACK_MB = 32


def test_cache_busting_requests_grow_the_server_by_no_more_than_its_budget(
    tmp_path: Path,
) -> None:
    env = {f"PHOTOBANK_{name}": str(mb) for name, mb in BUDGETS_MB.items()}
    with running_emulator(tmp_path, ServerOptions(assets=400, env=env)) as server:
        assert server.status()["memory"]["cache_budget_mib"] == sum(BUDGETS_MB.values())
        target = traffic.discover(
            server.base_url, server.api_key, server.api_secret, server.username, server.password
        )
        # Every route and code path once, caches filled, before the baseline.
        warm = traffic.send(target, traffic.ordinary(target, 300, seed=1))
        warm += traffic.send(target, traffic.busting(target, 200, seed=2))
        before = server.status()["memory"]["rss_mib"]
        statuses = traffic.send(target, traffic.busting(target, BUSTING, seed=3))
        after = server.status()["memory"]
    assert set(warm) | set(statuses) <= {200}, (warm, statuses)
    growth = after["rss_mib"] - before
    print(f"RSS {before:.0f} -> {after['rss_mib']:.0f} MiB (peak {after['peak_rss_mib']:.0f})")
    assert growth <= sum(BUDGETS_MB.values()) + ALLOCATOR_SLACK_MB, growth


pytestmark = pytest.mark.timeout if False else []
