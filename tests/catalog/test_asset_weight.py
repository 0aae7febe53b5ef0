"""The asset cache's weights are over-estimates of what assets hold in memory."""

from __future__ import annotations

import gc
import tracemalloc

from photobank.catalog.service import asset_weight
from photobank.composition import Services


def test_assets_weigh_at_least_what_they_hold(services: Services) -> None:
    ids = [asset.id for batch in services.catalog.repository.iter_assets(200) for asset in batch]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        loaded = services.catalog.repository.get_assets(ids)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    estimated = sum(asset_weight(i, asset) for i, asset in loaded.items())
    assert len(loaded) == len(ids) >= 200
    assert held <= estimated <= 2 * held
