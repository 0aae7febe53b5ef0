"""The memory tier of hot media files: bounded by bytes, least recently used first."""

from __future__ import annotations

from photobank.media.hot import HotObjects


def test_hot_objects_stay_within_budget() -> None:
    hot = HotObjects(budget=1000, max_item=400)
    hot.put("a", b"a" * 400)
    hot.put("b", b"b" * 400)
    hot.put("too-big", b"x" * 401)
    assert hot.get("too-big") is None and hot.get("a") is not None  # "a" is now newest
    hot.put("c", b"c" * 400)
    assert hot.get("b") is None and hot.get("a") is not None and hot.get("c") is not None
    assert hot.total == 800 and len(hot) == 2
