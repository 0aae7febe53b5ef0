"""How many searches a server process runs at once, and where: the backend says."""

from __future__ import annotations

import os
from pathlib import Path

from photobank.composition import build_services
from photobank.search.query import Concurrency
from tests.deployment import DISTRIBUTED, deployed


def test_tantivy_searches_take_a_core_each_postgresql_ones_a_pooled_connection(
    tmp_path: Path,
) -> None:
    services = build_services(deployed(data_dir=tmp_path, database_pool_size=4))
    try:
        if DISTRIBUTED:  # waiting on the database: never on the event loop, one left for it
            assert services.search.concurrency == Concurrency(threads=3, inline=False)
        else:  # computing: one per core, a quick one on the event loop
            assert services.search.concurrency == Concurrency(os.cpu_count() or 1, inline=True)
    finally:
        services.close()
