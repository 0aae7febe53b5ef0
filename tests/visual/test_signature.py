"""Signatures: stable under resizing and recompression, different for other pictures."""

from __future__ import annotations

import io
import random

import imagehash
import numpy as np
from PIL import Image, ImageDraw, ImageOps

from photobank.visual.signature import SIZE, Signature, signature_of, signature_of_file


def _scene(background: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", (640, 480), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 600, 460), fill=(30, 120, 40))
    draw.ellipse((380, 60, 520, 200), fill=(250, 220, 60))
    return image


def _bits(a: Signature, b: Signature) -> int:
    return (a.phash ^ b.phash).bit_count()


def test_the_stored_form_is_compact_and_round_trips() -> None:
    signature = signature_of(_scene((90, 150, 230)))
    data = signature.to_bytes()
    assert len(data) == SIZE == 57
    assert Signature.from_bytes(data) == signature


def test_a_smaller_recompressed_copy_keeps_nearly_the_same_signature() -> None:
    original = _scene((90, 150, 230))
    out = io.BytesIO()
    original.resize((213, 160)).save(out, format="JPEG", quality=40)
    copy = signature_of_file(out.getvalue())
    signature = signature_of(original)
    assert _bits(signature, copy) <= 4
    assert max(abs(a - b) for a, b in zip(signature.colours, copy.colours, strict=True)) < 16


def test_another_picture_has_another_signature() -> None:
    flipped = _scene((90, 150, 230)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    assert _bits(signature_of(_scene((90, 150, 230))), signature_of(flipped)) > 16


def test_the_phash_is_the_classic_one_bit_for_bit() -> None:
    rng = random.Random(7)
    pictures = [Image.new("RGB", (64, 64), (12, 40, 90))]  # flat: every frequency zero
    for n in range(300):
        size = rng.choice([(64, 48), (48, 64), (640, 480)])
        picture = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(picture)
        for _ in range(rng.randrange(12)):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            draw.ellipse((x - 30, y - 20, x + 30, y + 20), fill=(rng.randrange(256), 0, 99))
        pictures.append(picture if n % 4 else picture.convert("L"))
    for picture in pictures:
        small = ImageOps.contain(picture.convert("RGB"), (64, 64), Image.Resampling.BOX)
        reference = np.packbits(imagehash.phash(small).hash.flatten()).tobytes()
        assert signature_of(picture).phash == int.from_bytes(reference, "big")
