"""Ranking: nearest first, filters respected, ties in id order."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from photobank.visual.matrix import Filters, SignatureMatrix
from photobank.visual.signature import COLOUR_BYTES, Signature

_GREY = bytes([128]) * COLOUR_BYTES


def _row(asset_id: str, phash: int, colours: bytes = _GREY, **extra: Any) -> SimpleNamespace:
    fields = {
        "asset_type": "image",
        "asset_family": "creative",
        "nudity": False,
        "editorial_use_only": False,
        "product_types": ["premiumaccess"],
        "artist": "Ann",
        "location_id": None,
    }
    fields.update(extra)
    return SimpleNamespace(id=asset_id, signature=Signature(phash, colours).to_bytes(), **fields)


def _ids(matrix: SignatureMatrix, query: Signature, filters: Filters, limit: int = 10) -> list[str]:
    return [matrix.ids[row] for row in matrix.rank(query, filters, limit)]


def test_nearest_hash_and_colour_come_first() -> None:
    matrix = SignatureMatrix(
        [
            _row("1", 0b1111),
            _row("2", 0b0000),
            _row("3", 0b0001),
            _row("4", 0b0000, bytes([250]) * COLOUR_BYTES),
        ]
    )
    images = Filters("image")
    assert _ids(matrix, Signature(0, _GREY), images) == ["2", "3", "1", "4"]
    assert _ids(matrix, Signature(0, _GREY), images, limit=2) == ["2", "3"]
    assert _ids(matrix, Signature(0, bytes([250]) * COLOUR_BYTES), images)[0] == "4"


def test_filters_narrow_what_is_ranked() -> None:
    matrix = SignatureMatrix(
        [
            _row("1", 0),
            _row("2", 0, asset_type="video"),
            _row("3", 0, asset_family="editorial"),
            _row("4", 0, nudity=True),
            _row("5", 0, editorial_use_only=True),
            _row("6", 0, product_types=["imagepack"]),
        ]
    )
    query = Signature(0, _GREY)
    assert _ids(matrix, query, Filters("video")) == ["2"]
    strict = Filters(
        "image",
        asset_families=frozenset({"creative"}),
        exclude_nudity=True,
        exclude_editorial_use_only=True,
    )
    assert _ids(matrix, query, strict) == ["1", "6"]
    assert _ids(matrix, query, Filters("image", product_types=frozenset({"imagepack"}))) == ["6"]
    assert _ids(matrix, query, Filters("image", exclude_id="1"))[0] == "3"


def test_an_empty_catalog_ranks_nothing() -> None:
    assert _ids(SignatureMatrix([]), Signature(0, _GREY), Filters("image")) == []
