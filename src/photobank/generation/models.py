"""Generations and their downloads as plain values, and the generator's fixed vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from photobank.demo.prompted import MEDIA_TYPES, MOODS, Prompt, shape
from photobank.errors import InvalidParameter
from photobank.media.urls import DownloadSize, estimated_bytes

ASPECT_RATIOS = ("1:1", "3:4", "4:3", "9:16", "16:9")
DEFAULT_ASPECT_RATIO = "1:1"
IMAGES_PER_GENERATION = 4  # as Getty's generator makes
PREVIEW_SIDE = 612  # long side of a preview, as Getty's
SIZE_SIDES = {"1k": 1024, "4k": 4096}  # download sizes by long side
MAX_PROMPT = 2000  # characters
_MOODS = {m.replace("_", ""): m for m in MOODS}


@dataclass(frozen=True, slots=True)
class Pacing:
    """How long an answer stays pending: ``polls`` polls answered 202, and no
    answer ready before ``latency_ms`` have passed (both must be met)."""

    polls: int
    latency_ms: int


@dataclass(frozen=True, slots=True)
class Pending:
    """Where a pending generation or download stands."""

    polls_needed: int
    polls_seen: int
    ready_at: datetime

    def ready(self, now: datetime) -> bool:
        return self.polls_seen >= self.polls_needed and now >= self.ready_at


@dataclass(frozen=True, slots=True)
class Choices:
    """What a customer sends along with a generation, variation or download."""

    product_id: int | None = None
    notes: str | None = None
    project_code: str | None = None


@dataclass(frozen=True, slots=True)
class Generation:
    id: str
    customer_id: int
    product_id: int
    prompt: Prompt
    aspect_ratio: str
    images: int
    parent: tuple[str, int] | None  # (generation id, image index) a variation varies
    pending: Pending
    ready: bool  # as of the request that read it

    def asset_id(self, index: int) -> str:
        """The generated_asset_id of image ``index``."""
        return f"{self.id}-{index}"

    def size(self, long_side: int) -> tuple[int, int]:
        """Width and height of this generation's pictures at ``long_side``."""
        return shape(self.aspect_ratio, long_side)


@dataclass(frozen=True, slots=True)
class Download:
    """A generated image's download: its URL once ready."""

    asset_id: str
    size_name: str
    ready: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class Picture:
    """One painted image of a generation: ``index`` of it, at ``size_name``."""

    generation: Generation
    index: int
    size_name: str  # preview | 1k | 4k


def split_asset_id(asset_id: str) -> tuple[str, int] | None:
    """The generation id and image index a generated_asset_id names, else None."""
    generation_id, _, index = asset_id.rpartition("-")
    if not generation_id or not index.isdigit() or len(index) > 3:
        return None
    return generation_id, int(index)


def sizes_of(found: Generation) -> list[DownloadSize]:
    return [
        DownloadSize(name, *found.size(side), "image/jpeg", estimated_bytes(*found.size(side)))
        for name, side in SIZE_SIDES.items()
    ]


def size_named(found: Generation, size_name: str) -> DownloadSize:
    for size in sizes_of(found):
        if size.name == size_name.strip().lower():
            return size
    raise InvalidParameter(
        "size_name",
        f"Invalid value '{size_name}' for 'size_name': use one of {', '.join(SIZE_SIDES)}.",
    )


def media_type_named(given: str | None) -> str | None:
    if given is None or given.lower() in MEDIA_TYPES:
        return given.lower() if given else None
    raise InvalidParameter(
        "media_type",
        f"Invalid value '{given}' for 'media_type': use one of {', '.join(MEDIA_TYPES)}.",
    )


def mood_named(given: str | None) -> str | None:
    """Getty's mood names, matched whatever the case and with underscores optional
    (SDK 10 sends ``black_and_white``, earlier ones ``BlackAndWhite``)."""
    if given is None:
        return None
    found = _MOODS.get(given.replace("_", "").lower())
    if found is None:
        raise InvalidParameter(
            "mood", f"Invalid value '{given}' for 'mood': use one of {', '.join(MOODS)}."
        )
    return found
