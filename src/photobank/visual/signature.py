"""A picture's visual signature: a perceptual hash plus a coarse colour layout.

The 64-bit pHash captures the picture's structure in grey and survives
resizing and recompression; the 4 x 4 grid of mean colours tells apart
pictures of one layout in other colours. Stored as 57 bytes: a version byte,
the hash, then the grid's RGB bytes row by row.

The pHash is the classic one (as the imagehash package computes it, bit for
bit): the grey picture at 32 x 32, its 8 x 8 lowest DCT-II frequencies, each
bit whether a frequency is above their median. The DCT is two products with a
fixed 8 x 32 cosine matrix, so no FFT library is needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

GRID = 4  # colour cells across and down
COLOUR_BYTES = GRID * GRID * 3
_VERSION = 1
SIZE = 1 + 8 + COLOUR_BYTES
_WORK_SIDE = 64  # pictures are reduced to this long side first: both features are coarser
_HASH_SIDE = 32  # the grey picture the pHash's DCT reads
_HASH_BITS = 8  # lowest frequencies kept along each axis
# DCT-II without normalisation (2 x sum of x[n] cos(pi k (2n + 1) / 2N)), low rows only.
_COSINES = 2 * np.cos(
    np.pi
    * np.arange(_HASH_BITS)[:, None]
    * (2 * np.arange(_HASH_SIDE)[None, :] + 1)
    / (2 * _HASH_SIDE)
)


@dataclass(frozen=True, slots=True)
class Signature:
    phash: int  # 64 bits
    colours: bytes  # GRID x GRID mean RGB, row-major

    def to_bytes(self) -> bytes:
        return bytes([_VERSION]) + self.phash.to_bytes(8, "big") + self.colours

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        if len(data) != SIZE or data[0] != _VERSION:
            raise ValueError("not a visual signature of this version")
        return cls(int.from_bytes(data[1:9], "big"), bytes(data[9:]))


def signature_of(image: Image.Image) -> Signature:
    """The signature of any picture: an asset's original, an upload or a video's poster frame."""
    small = image if image.mode == "RGB" else image.convert("RGB")
    if max(small.size) > _WORK_SIDE:
        small = ImageOps.contain(small, (_WORK_SIDE, _WORK_SIDE), Image.Resampling.BOX)
    phash = int.from_bytes(np.packbits(_phash_bits(small)).tobytes(), "big")
    colours = small.resize((GRID, GRID), Image.Resampling.BOX).tobytes()
    return Signature(phash, colours)


def _phash_bits(picture: Image.Image) -> np.ndarray:
    """The 64 pHash bits of ``picture``, row-major."""
    side = (_HASH_SIDE, _HASH_SIDE)
    grey = np.asarray(picture.convert("L").resize(side, Image.Resampling.LANCZOS), np.float64)
    # Rounded: a flat picture's frequencies are zero, not float noise either side of it.
    low = np.round(_COSINES @ grey @ _COSINES.T, 6)
    bits: np.ndarray = (low > np.median(low)).flatten()
    return bits


def signature_of_file(data: bytes) -> Signature:
    """The signature of an encoded picture (JPEG decoded at reduced scale)."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (4 * _WORK_SIDE, 4 * _WORK_SIDE))
        return signature_of(image)
