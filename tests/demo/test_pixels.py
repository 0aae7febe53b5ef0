"""Demo originals: real JPEGs at the exact size, deterministic, showing their subject."""

from __future__ import annotations

import dataclasses
import io
import zlib
from datetime import UTC, datetime

import blurhash
import numpy as np
import pytest
from PIL import Image

from photobank.catalog.model import GRAPHICAL_STYLES, NUMBER_OF_PEOPLE, Asset, KeywordTag
from photobank.catalog.repository import CatalogRepository, Reference
from photobank.clock import ManualClock
from photobank.demo.generator import build_demo_catalog
from photobank.demo.paint import RECIPES
from photobank.demo.pixels import (
    dominant_color_of,
    recipe_blurhash,
    render_image,
    render_original,
    subject_of,
)
from photobank.demo.world import SUBJECTS, build_world, keyword_id
from photobank.media.blurhashes import blurhash_of
from tests.deployment import migrated_engine


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Asset], Reference]:
    path = tmp_path_factory.mktemp("pixels")
    engine = migrated_engine(path)
    repo = CatalogRepository(engine, ManualClock())
    build_demo_catalog(repo, assets=400, seed=3)
    return [a for batch in repo.iter_assets() for a in batch], repo.reference()


def _shrunk(asset: Asset, long_side: int = 240) -> Asset:
    scale = long_side / max(asset.width, asset.height)
    width, height = max(8, round(asset.width * scale)), max(8, round(asset.height * scale))
    return dataclasses.replace(asset, width=width, height=height)


def _synthetic(subject: str, style: str, people: str, width: int = 120, height: int = 80) -> Asset:
    when = datetime(2020, 1, 1, tzinfo=UTC)
    known = {s.name: s.dominants[0] for s in SUBJECTS}
    return Asset(
        id=f"{zlib.crc32(f'{subject}{style}{people}'.encode()):09d}", asset_type="image",
        asset_family="creative", title=subject, caption="", collection_id=41,
        license_model="royaltyfree", width=width, height=height, date_created=when,
        date_submitted=when, graphical_style=style, number_of_people=people,
        keywords=(KeywordTag(keyword_id(subject), 100),),
        dominant_color=known.get(subject, "808080"),
    )  # fmt: skip


def _reference() -> Reference:
    world = build_world(0, 100)
    return Reference(keywords={k.id: k for k in world.keywords})


def test_original_is_a_jpeg_of_the_exact_size(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    small = [a for a in assets if a.megapixels < 2.5][:4]
    assert small and any(max(a.width, a.height) > 768 for a in small)  # scaled up from the canvas
    for asset in small:
        with Image.open(io.BytesIO(render_original(asset, ref))) as image:
            assert image.format == "JPEG"
            assert image.size == (asset.width, asset.height)
            image.load()


def test_same_asset_same_bytes(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    for asset in assets[:3]:
        shrunk = _shrunk(asset)
        assert render_original(shrunk, ref) == render_original(shrunk, ref)
    assert render_original(_shrunk(assets[0]), ref) != render_original(_shrunk(assets[1]), ref)


def test_different_subjects_look_different() -> None:
    ref = _reference()
    night = render_image(_synthetic("City Skyline At Night", "photography", "none"), ref)
    beach = render_image(_synthetic("Beach Sunset", "photography", "none"), ref)
    difference = np.abs(np.asarray(night, np.int16) - np.asarray(beach, np.int16)).mean()
    assert difference > 40


def test_black_and_white_assets_are_grey(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    grey = [a for a in assets if a.color_type == "black_and_white"][:5]
    assert grey
    for asset in grey:
        image = Image.open(io.BytesIO(render_original(_shrunk(asset), ref))).convert("RGB")
        pixels = np.asarray(image, np.int16)
        assert np.abs(pixels[:, :, 0] - pixels[:, :, 1]).max() <= 8
        assert np.abs(pixels[:, :, 1] - pixels[:, :, 2]).max() <= 8


def test_stored_dominant_colour_is_what_the_pixels_show(
    catalog: tuple[list[Asset], Reference],
) -> None:
    assets, ref = catalog
    for asset in assets[:80]:
        seen = dominant_color_of(render_image(_shrunk(asset, 200), ref))
        stored = asset.dominant_color
        distance = sum(
            (int(seen[i : i + 2], 16) - int(stored[i : i + 2], 16)) ** 2 for i in (0, 2, 4)
        )
        assert distance**0.5 <= 40, (asset.id, subject_of(asset, ref).name, stored, seen)


def test_the_subject_is_found_from_the_keywords(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    for asset in assets[:50]:
        top = max(asset.keywords, key=lambda k: k.relevance)
        assert subject_of(asset, ref).name == ref.keywords[top.keyword_id].text


def test_every_subject_renders_in_every_style() -> None:
    ref = _reference()
    assert {s.recipe for s in SUBJECTS} <= set(RECIPES)
    for subject in SUBJECTS:
        for number, style in enumerate(GRAPHICAL_STYLES):
            people = NUMBER_OF_PEOPLE[number]
            image = render_image(_synthetic(subject.name, style, people), ref)
            assert image.size == (120, 80) and image.mode == "RGB"
            assert np.asarray(image).std() > 3  # something is drawn, not a flat fill


def test_assets_of_no_known_subject_still_render() -> None:
    asset = _synthetic("Not A Demo Subject", "photography", "one", 50, 500)
    image = render_image(dataclasses.replace(asset, keywords=()), Reference())
    assert image.size == (50, 500)


def test_tiny_and_extreme_shapes() -> None:
    ref = _reference()
    for width, height in ((1, 1), (8, 400), (2000, 9)):
        image = render_image(_synthetic("Forest", "vector", "group", width, height), ref)
        assert image.size == (width, height)


def test_every_demo_asset_has_a_blurhash(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    assert all(blurhash.is_valid_blurhash(a.blurhash) for a in assets)
    assert assets[0].blurhash == recipe_blurhash(assets[0], ref)  # deterministic


def test_stored_blurhash_is_faithful_to_the_original(
    catalog: tuple[list[Asset], Reference],
) -> None:
    """A hash taken from a 64 px painting of the recipe decodes close to the hash
    of the real original, far closer than a hash of the dominant colour alone."""
    assets, ref = catalog
    sketch_errors, flat_errors = [], []
    for asset in [a for a in assets if max(a.width, a.height) >= 768][:40]:
        # Originals are painted at 768 px and only then scaled: same layout, less work.
        original = render_image(_shrunk(asset, 768), ref)
        original.thumbnail((64, 64), Image.Resampling.BOX)
        truth = _decoded(blurhash_of(original))
        flat = blurhash_of(Image.new("RGB", original.size, f"#{asset.dominant_color}"))
        assert asset.blurhash is not None
        sketch_errors.append(np.abs(_decoded(asset.blurhash) - truth).mean())
        flat_errors.append(np.abs(_decoded(flat) - truth).mean())
    assert np.mean(sketch_errors) < 15 and np.mean(sketch_errors) < 0.6 * np.mean(flat_errors)


def _decoded(text: str) -> np.ndarray:  # type: ignore[type-arg]
    return np.asarray(blurhash.decode(text, 32, 32), dtype=float)
