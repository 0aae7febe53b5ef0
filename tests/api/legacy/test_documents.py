"""Legacy image documents are served from a cache: a catalog change must reach them at once."""

from __future__ import annotations

import dataclasses
from typing import Any

from photobank.api.legacy.documents import DocumentCache
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import call, image_ids, search_images, session


def _title(anonymous: Any, token: str, image_id: str) -> str:
    details = call(anonymous, "/v1/search/GetImageDetails", {"ImageIds": [image_id]}, token)
    title: str = details["GetImageDetailsResult"]["Images"][0]["Title"]
    return title


def test_an_edited_image_is_shown_edited_by_search_and_details(
    anonymous: Any, services: Services, demo: DemoCredentials
) -> None:
    token = session(anonymous, demo, user=False)["Token"]
    found = search_images(anonymous, token, count=1)
    (image_id,) = image_ids(found)
    asset = services.catalog.get_assets([image_id])[image_id]
    assert _title(anonymous, token, image_id) == asset.title  # now cached
    services.catalog.save_assets([dataclasses.replace(asset, title="Retitled in the catalog")])
    try:
        assert _title(anonymous, token, image_id) == "Retitled in the catalog"
        again = search_images(anonymous, token, count=1)["SearchForImagesResult"]["Images"][0]
        assert (again["ImageId"], again["Title"]) == (image_id, "Retitled in the catalog")
    finally:
        services.catalog.save_assets([asset])
    assert _title(anonymous, token, image_id) == asset.title


def test_the_document_cache_keeps_its_budget_oldest_first() -> None:
    cache = DocumentCache(100_000)
    for number in range(100):
        cache.put(("image", number), b"d" * 5_000, cache.generation)
        assert cache.weight <= 100_000
    assert cache.get(("image", 99)) is not None
    assert cache.get(("image", 0)) is None
    cache.put(("huge",), b"h" * 30_000, cache.generation)  # over a quarter of the budget
    assert cache.get(("huge",)) is None  # not kept


def test_a_document_built_before_a_change_is_not_kept() -> None:
    """A catalog change landing between reading an asset and keeping its document (a
    writer's thread) leaves the document unkept: the next call builds it afresh."""
    cache = DocumentCache(100_000)
    read_at = cache.generation
    cache.clear()  # the catalog changed after the asset was read
    cache.put(("image", 1), b"stale", read_at)
    assert cache.get(("image", 1)) is None
    cache.put(("image", 1), b"fresh", cache.generation)
    assert cache.get(("image", 1)) == b"fresh"
