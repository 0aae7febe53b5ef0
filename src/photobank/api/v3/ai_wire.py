"""The AI generator's answers on Getty's wire names, and its request bodies read off it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from photobank.api.numbers import ascii_integer
from photobank.api.v3.body import optional_text
from photobank.errors import InvalidParameter
from photobank.generation.models import PREVIEW_SIDE, Choices, Download, Generation
from photobank.media.urls import DownloadSize


def generation_document(found: Generation, preview_url: Callable[[int], str]) -> dict[str, Any]:
    """A ready generation's pictures (a pending one answers its id alone)."""
    if not found.ready:
        return {"generation_request_id": found.id}
    width, height = found.size(PREVIEW_SIDE)
    results = []
    for index in range(found.images):
        url = preview_url(index)
        preview = {"preview_size": str(PREVIEW_SIDE), "image_url": url}
        results.append(
            {
                "index": index,
                "url": url,
                "is_blocked": False,
                "preview_urls": [{**preview, "width": width, "height": height}],
            }
        )
    return {"generation_request_id": found.id, "seed": found.prompt.seed, "results": results}


def download_document(download: Download) -> dict[str, Any]:
    return {"url": download.url, "generated_asset_id": download.asset_id}


def sizes_document(sizes: list[DownloadSize]) -> dict[str, Any]:
    return {
        "download_sizes": [
            {"size_name": s.name, "height": s.height, "width": s.width} for s in sizes
        ]
    }


def choices(body: dict[str, Any]) -> Choices:
    """``product_id`` (0, the .NET SDK's unset value, is none), ``notes``, ``project_code``."""
    return Choices(
        product_id=optional_integer(body, "product_id") or None,
        notes=optional_text(body, "notes"),
        project_code=optional_text(body, "project_code"),
    )


def required_text(body: dict[str, Any], name: str) -> str:
    """A string property the operation needs (a number, as an SDK sends an unset enum, is
    as good as absent)."""
    value = optional_text(body, name) if not isinstance(body.get(name), int) else None
    if value is None or not value.strip():
        raise InvalidParameter(name, f"'{name}' is required.")
    return value


def optional_integer(body: dict[str, Any], name: str) -> int | None:
    """A whole-number property (JSON number or digits in a string), or null / absent."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        value = ascii_integer(value.strip(), digits=15)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise InvalidParameter(name, f"'{name}' must be a whole number, 0 or more.")
    return value
