"""Build the deterministic demo catalog into a store.

Same seed and size, same catalog, record for record: all randomness comes from
generators seeded with the seed, all dates from fixed UTC anchors, never from
the clock. Assets are written in batches through the ingest pipeline
(photobank.ingest), so blurhashes, signatures and the change log the search
index replays are made as for any other ingest.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from contextlib import nullcontext

from photobank.catalog.repository import CatalogRepository
from photobank.demo.assets import AssetMaker
from photobank.demo.videos import maybe_video
from photobank.demo.world import build_world
from photobank.ingest.drafts import Draft
from photobank.ingest.workers import worker_pool
from photobank.ingest.writer import AssetWriter

BATCH = 5000
_ID_BASE = 100_000_000  # nine-digit ids: 100000000 .. 999999999
_ID_RANGE = 900_000_000
_HALF_BITS = 15  # the Feistel network permutes 30-bit numbers
_HALF_MASK = (1 << _HALF_BITS) - 1
SUFFIXED_SHARE = 0.01  # ids like "200261415-001"


def build_demo_catalog(
    repo: CatalogRepository,
    *,
    assets: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    signatures: bool = True,
    workers: int = 1,
    batch: int = BATCH,
) -> None:
    """Write the reference data, then ``assets`` assets, into an empty catalog.

    ``progress`` is called after each batch of ``batch`` assets with the number
    written so far; the ingest pipeline writes each batch (assets, change log,
    signatures) in one transaction, so a kill leaves whole batches behind.
    Visual signatures (search by image) cost ~4 ms an asset, most of the build:
    ``workers`` > 1 paints them in that many processes, and ``signatures=False``
    leaves them out (a catalog that only benchmarks other searches).
    """
    world = build_world(seed, assets)
    repo.add_reference(
        collections=world.collections,
        keywords=world.keywords,
        people=world.people,
        locations=world.locations,
        events=world.events,
    )
    maker = AssetMaker(world, seed)
    ids = asset_ids(seed, assets)
    written = 0
    pool = worker_pool(workers) if signatures and workers > 1 else nullcontext(None)
    with pool as executor:
        # No storage: a demo build writes no originals (they are drawn on first request).
        writer = AssetWriter(repo, None, {}, signatures=signatures, executor=executor)
        while written < assets:
            count = min(batch, assets - written)
            made = [Draft(maybe_video(maker.make(next(ids)), seed)) for _ in range(count)]
            written += len(writer.save(made))
            if progress is not None:
                progress(written)


def asset_ids(seed: int, count: int) -> Iterator[str]:
    """``count`` distinct nine-digit ids in an order that does not look sequential.

    Index ``i`` goes through a keyed Feistel permutation of 30-bit numbers,
    cycle-walked into the nine-digit range, so ids are unique by construction.
    """
    if count > _ID_RANGE:
        raise ValueError(f"at most {_ID_RANGE} demo assets")
    keys = _round_keys(seed)
    suffixes = random.Random(f"photobank-demo-suffix-{seed}")
    for index in range(count):
        number = index
        while True:
            number = _feistel(number, keys)
            if number < _ID_RANGE:
                break
        text = str(_ID_BASE + number)
        if suffixes.random() < SUFFIXED_SHARE:
            text += f"-{suffixes.randint(1, 20):03d}"
        yield text


def _round_keys(seed: int) -> tuple[int, ...]:
    digest = hashlib.blake2b(f"photobank-demo-ids-{seed}".encode(), digest_size=16).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "big") for i in range(0, 16, 4))


def _feistel(number: int, keys: tuple[int, ...]) -> int:
    left, right = number >> _HALF_BITS, number & _HALF_MASK
    for key in keys:
        mixed = ((right ^ key) * 0x9E3779B1 + key) & 0xFFFFFFFF
        left, right = right, left ^ ((mixed >> 11) & _HALF_MASK)
    return (left << _HALF_BITS) | right
