"""Build the deterministic demo catalog into a store.

Same seed and size, same catalog, record for record: all randomness comes from
generators seeded with the seed, all dates from fixed UTC anchors, never from
the clock. Assets are written in batches through the ingest pipeline
(photobank.ingest), so blurhashes, signatures and the change log the search
index replays are made as for any other ingest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import nullcontext
from itertools import repeat

from photobank.catalog.model import Asset
from photobank.catalog.repository import CatalogRepository, Reference
from photobank.demo.assets import AssetMaker
from photobank.demo.pixels import RecipeMeasures, recipe_measures
from photobank.demo.videos import maybe_video
from photobank.demo.world import build_world
from photobank.ingest.drafts import Draft
from photobank.ingest.pixels import Pixels
from photobank.ingest.workers import worker_pool
from photobank.ingest.writer import AssetWriter

BATCH = 1000  # assets a transaction; a build's progress moves by as many
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
    Measuring the originals' recipes (blurhash, and the visual signature for
    search by image, ~5 ms an asset) is most of the build: ``workers`` > 1
    measures in that many processes while this one makes and writes the
    batches either side, and ``signatures=False`` leaves signatures out (a
    catalog that only benchmarks other searches).
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
    # Recipes read keywords only: the workers are sent no more.
    drawn = Reference(keywords=repo.reference().keywords)
    # No storage: a demo build writes no originals (they are drawn on first request).
    writer = AssetWriter(repo, None, {}, signatures=False)
    written, waiting = 0, None
    with worker_pool(workers) if workers > 1 else nullcontext(None) as executor:
        for start in range(0, assets, batch):
            made = [
                maybe_video(maker.make(next(ids)), seed)
                for _ in range(start, min(assets, start + batch))
            ]
            # Submitted now, collected after the batch before is written: both overlap.
            measuring = _measuring(executor, made, drawn, signatures)
            if waiting is not None:
                written += len(writer.save(_drafts(*waiting)))
                if progress is not None:
                    progress(written)
            waiting = (made, measuring)
        if waiting is not None:
            written += len(writer.save(_drafts(*waiting)))
            if progress is not None:
                progress(written)


def _measuring(
    executor: Executor | None, made: list[Asset], drawn: Reference, signed: bool
) -> Iterator[RecipeMeasures]:
    """The measures of ``made``, in order: worked out in ``executor`` from now on if
    there is one, else as they are read."""
    if executor is None:
        return map(recipe_measures, made, repeat(drawn), repeat(signed))
    chunk = max(1, len(made) // 16)  # small enough that every worker keeps busy to the end
    return executor.map(recipe_measures, made, repeat(drawn), repeat(signed), chunksize=chunk)


def _drafts(made: list[Asset], measures: Iterator[RecipeMeasures]) -> list[Draft]:
    """Drafts holding their measures: the writer paints nothing itself."""
    drafts = []
    for asset, (blurhash, signature) in zip(made, measures, strict=True):
        asset = dataclasses.replace(asset, blurhash=blurhash)
        pixels = None
        if signature is not None:
            pixels = Pixels(asset.width, asset.height, blurhash, asset.dominant_color, signature)
        drafts.append(Draft(asset, pixels=pixels))
    return drafts


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
