"""Real, recognisable JPEG originals for demo assets, drawn on demand.

Originals are painted at a reduced working size and scaled to the asset's
exact width and height: a 50 MP demo original then costs a resize and a JPEG
encode, not a 50 MP drawing. Everything random is seeded from the asset id,
so the same asset always yields byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.demo.paint import RECIPES, Canvas
from photobank.demo.subjects import Subject
from photobank.demo.world import SUBJECTS
from photobank.media.blurhashes import blurhash_of
from photobank.visual.signature import Signature, signature_of

WORK_SIDE = 768  # long side of the working canvas
SKETCH_SIDE = 64  # long side of the painting a blurhash is taken from
JPEG_QUALITY = 85
_BY_NAME = {s.name.casefold(): s for s in SUBJECTS}
_FALLBACK = _BY_NAME["abstract shapes"]
_HEADS = {"none": 0, "one": 1, "two": 2, "group": 4}


def subject_of(asset: Asset, reference: Reference) -> Subject:
    """The demo subject an asset shows: its most relevant keyword naming a subject."""
    best: tuple[int, Subject] | None = None
    for tag in asset.keywords:
        keyword = reference.keywords.get(tag.keyword_id)
        found = _BY_NAME.get(keyword.text.casefold()) if keyword else None
        if found is not None and (best is None or tag.relevance > best[0]):
            best = (tag.relevance, found)
    return best[1] if best else _FALLBACK


def render_original(asset: Asset, reference: Reference) -> bytes:
    """The asset's original as JPEG bytes, exactly ``asset.width`` x ``asset.height``."""
    image = render_image(asset, reference)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def render_image(asset: Asset, reference: Reference) -> Image.Image:
    """The asset's original as an RGB image (see :func:`render_original`)."""
    seed = _seed(asset)
    image = _paint(asset, subject_of(asset, reference), seed, WORK_SIDE)
    image = finish(image, asset.graphical_style, np.random.default_rng(seed))
    if asset.color_type == "black_and_white":
        image = image.convert("L").convert("RGB")
    if image.size != (asset.width, asset.height):
        image = image.resize((asset.width, asset.height), Image.Resampling.BILINEAR)
    return image


def recipe_blurhash(asset: Asset, reference: Reference) -> str:
    """The blurhash of the asset's original, from a small painting of its recipe.

    Painting the original takes milliseconds, too slow for a million assets at
    ingest; the same recipe and seed at 64 px takes about 0.1 ms and lays out
    the same colour fields. Grain and blur are left out: a hash averages them
    away. Measured over demo assets, hashes decoded from these sketches differ
    from those of the real originals by about 10/255 per channel on average,
    against 30 for a hash of the dominant colour alone (tests/demo keep it so).
    """
    image = _paint(asset, subject_of(asset, reference), _seed(asset), SKETCH_SIDE)
    if asset.color_type == "black_and_white":
        image = image.convert("L").convert("RGB")
    return blurhash_of(image)


def recipe_signature(asset: Asset, reference: Reference) -> Signature:
    """The visual signature of the asset's original (or video poster), for search by image.

    Unlike the blurhash's sketch this paints at the working size: recipes draw
    as many shapes as the canvas holds, so a smaller painting lays out other
    details. Measured: about 4 ms an asset (a 128 px sketch takes 0.4 ms but
    finds a thumbnail's own asset first only 4 times in 5, against 150 in 150).
    Grain, blur and the final resize are left out: the signature averages them away.
    """
    image = _paint(asset, subject_of(asset, reference), _seed(asset), WORK_SIDE)
    if asset.color_type == "black_and_white":
        image = image.convert("L")
    return signature_of(image)


RecipeMeasures = tuple[str, Signature | None]


def recipe_measures(asset: Asset, reference: Reference, signed: bool = True) -> RecipeMeasures:
    """The blurhash and (``signed``) signature of the original drawn from ``asset``."""
    signature = recipe_signature(asset, reference) if signed else None
    return recipe_blurhash(asset, reference), signature


def _seed(asset: Asset) -> int:
    return int.from_bytes(hashlib.blake2b(asset.id.encode(), digest_size=8).digest(), "big")


def _paint(asset: Asset, subject: Subject, seed: int, work_side: int) -> Image.Image:
    """The recipe of ``subject`` painted on a canvas of the asset's shape, with a
    long side of at most ``work_side``."""
    scale = min(1.0, work_side / max(asset.width, asset.height))
    size = (max(8, round(asset.width * scale)), max(8, round(asset.height * scale)))
    people = _HEADS.get(asset.number_of_people, 0)
    flat = asset.graphical_style == "vector"
    return paint_subject(subject, seed, size, asset.dominant_color, people, flat)


def paint_subject(
    subject: Subject, seed: int, size: tuple[int, int], dominant: str, people: int, flat: bool
) -> Image.Image:
    """``subject``'s recipe on a ``size`` canvas of the ``dominant`` hex colour, every
    random choice drawn from ``seed``: the same arguments paint the same pixels."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, _rgb(dominant))
    canvas = Canvas(
        image=image,
        draw=ImageDraw.Draw(image, "RGBA"),
        rng=rng,
        dominant=_rgb(dominant),
        details=tuple(_jitter(rng, _rgb(h)) for h in subject.details),
        people=people,
        flat=flat,
    )
    RECIPES[subject.recipe](canvas)
    return image


def dominant_color_of(image: Image.Image) -> str:
    """The colour covering most of ``image``, as hex.

    The means of the eight fullest 32-level colour bins are candidates; the
    one with the most pixels within a small distance wins, so that a smooth
    gradient split across bin edges still counts as one colour. The answer is
    the mean of those pixels.
    """
    small = np.asarray(image.convert("RGB").resize((64, 64), Image.Resampling.BOX), np.int32)
    pixels = small.reshape(-1, 3)
    bins = (pixels[:, 0] >> 5) * 64 + (pixels[:, 1] >> 5) * 8 + (pixels[:, 2] >> 5)
    counts = np.bincount(bins, minlength=512)
    fullest = np.argsort(counts)[::-1][:8]
    fullest = fullest[: np.argmin(counts[fullest]) if not counts[fullest].all() else 8]
    # Every candidate at once (the same sums, exact in float64, as one at a time).
    sums = np.stack([np.bincount(bins, pixels[:, c], 512)[fullest] for c in range(3)], 1)
    means = sums / counts[fullest][:, None]
    red, green, blue = pixels.T.astype(np.float64)[:, None, :]  # summed as sum(axis=1) did
    squared = (red - means[:, :1]) ** 2 + (green - means[:, 1:2]) ** 2 + (blue - means[:, 2:]) ** 2
    near = squared <= 32**2
    best = pixels[near[np.argmax(near.sum(axis=1))]]
    r, g, b = best.mean(axis=0).round().astype(int)
    return f"{r:02x}{g:02x}{b:02x}"


def finish(image: Image.Image, style: str, noise: np.random.Generator) -> Image.Image:
    """Give each graphical style its look: grain for photos, brush marks for paintings."""
    if style == "vector":
        return image
    if style == "illustration":
        return image.filter(ImageFilter.SMOOTH)
    if style == "fine_art":
        image = image.filter(ImageFilter.ModeFilter(5))
        sigma = 3.0
    else:
        image = image.filter(ImageFilter.GaussianBlur(0.7))
        sigma = 4.0
    pixels = np.asarray(image, np.int16)
    grain = noise.normal(0.0, sigma, pixels.shape[:2]).astype(np.int16)[:, :, None]
    return Image.fromarray(np.clip(pixels + grain, 0, 255).astype(np.uint8), "RGB")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    try:
        value = int(hex_colour, 16) if len(hex_colour) == 6 else 0x808080
    except ValueError:
        value = 0x808080
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _jitter(rng: random.Random, colour: tuple[int, int, int]) -> tuple[int, int, int]:
    r, g, b = (min(255, max(0, c + rng.randint(-10, 10))) for c in colour)
    return r, g, b
