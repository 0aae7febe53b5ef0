"""Pictures painted from a prompt's words: what the AI generator answers with.

The prompt chooses the demo subject whose name and keywords share most of its
words (a word of the negative prompt rules a subject out); the seed and the
image's index drive every other choice. So the same prompt, seed and index paint
the same pixels at any size, and "mountain lake at dawn" shows a mountain lake.
A mood grades the colours; the media type picks a photograph's grain or an
illustration's smooth finish.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageEnhance

from photobank.demo.pixels import WORK_SIDE, finish, paint_subject
from photobank.demo.subjects import Subject
from photobank.demo.world import SUBJECTS

MOODS = ("black_and_white", "warm", "cool", "natural", "vivid", "dramatic", "bold")
MEDIA_TYPES = ("photography", "illustration")
_WORD = re.compile(r"[a-z]+")
_SKIPPED = frozenset({"the", "and", "with", "for", "from", "into", "scene", "shot", "view"})
_TINTS = {"warm": (255, 150, 60), "cool": (60, 130, 255)}
_PEOPLE = {"never": (0,), "sometimes": (0, 0, 1, 2), "always": (1, 2, 4)}


@dataclass(frozen=True, slots=True)
class Prompt:
    """What a generation paints from."""

    text: str
    negative: str | None
    seed: int
    media_type: str | None = None  # one of MEDIA_TYPES; None: photography
    mood: str | None = None  # one of MOODS; None: natural


def _words(text: str | None) -> set[str]:
    """The prompt's words, lower case, singular (a trailing ``s`` dropped)."""
    found = set()
    for word in _WORD.findall((text or "").lower()):
        if len(word) > 2 and word not in _SKIPPED:
            found.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return found


@cache
def _vocabulary() -> tuple[frozenset[str], ...]:
    """Each subject's words: its name, subject keywords and concepts."""
    return tuple(frozenset(_words(" ".join((s.name, *s.subjects, *s.concepts)))) for s in SUBJECTS)


def subject_for(prompt: Prompt) -> Subject:
    """The subject sharing most words with the prompt and none with the negative prompt.

    Ties, and a prompt sharing no word, are settled by the prompt's words alone, so
    every seed (and every variation) of one prompt shows the same subject."""
    wanted, unwanted = _words(prompt.text), _words(prompt.negative)
    scores = [-1 if words & unwanted else len(words & wanted) for words in _vocabulary()]
    best = max(0, *scores)
    pool = [s for s, score in zip(SUBJECTS, scores, strict=True) if score == best]
    return random.Random(_digest(" ".join(sorted(wanted)))).choice(pool or list(SUBJECTS))


def shape(aspect_ratio: str, long_side: int) -> tuple[int, int]:
    """Width and height of an ``aspect_ratio`` ("16:9") picture with that long side."""
    across, _, down = aspect_ratio.partition(":")
    w, h = int(across), int(down)
    if w >= h:
        return long_side, max(1, round(long_side * h / w))
    return max(1, round(long_side * w / h)), long_side


def paint_prompt(prompt: Prompt, index: int, aspect_ratio: str, long_side: int) -> Image.Image:
    """Image ``index`` of a generation, ``long_side`` pixels on its longer side."""
    seed = _image_seed(prompt, index)
    rng = random.Random(seed)
    subject = subject_for(prompt)
    image = paint_subject(
        subject,
        seed,
        shape(aspect_ratio, WORK_SIDE),
        rng.choice(subject.dominants),
        rng.choice(_PEOPLE.get(subject.people, (0,))),
        flat=False,
    )
    style = "illustration" if prompt.media_type == "illustration" else "photography"
    image = _graded(finish(image, style, np.random.default_rng(seed)), prompt.mood)
    return image.resize(shape(aspect_ratio, long_side), Image.Resampling.BILINEAR)


def prompt_seed(text: str) -> int:
    """A seed for a prompt that names none: the same words, the same seed."""
    return _digest(" ".join(sorted(_words(text)))) >> 33  # fits a signed 32-bit integer


def _image_seed(prompt: Prompt, index: int) -> int:
    return _digest(f"{prompt.seed}|{index}|{' '.join(sorted(_words(prompt.text)))}")


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _graded(image: Image.Image, mood: str | None) -> Image.Image:
    """``image`` in the colours of ``mood``."""
    if mood == "black_and_white":
        return image.convert("L").convert("RGB")
    if mood in _TINTS:
        return Image.blend(image, Image.new("RGB", image.size, _TINTS[mood]), 0.18)
    if mood in ("vivid", "bold"):
        image = ImageEnhance.Color(image).enhance(1.5)
    if mood in ("dramatic", "bold"):
        image = ImageEnhance.Contrast(image).enhance(1.4)
    if mood == "dramatic":
        image = ImageEnhance.Brightness(image).enhance(0.85)
    return image
