"""Which asset reads the catalog keeps: lookups and searches keep their projected items
instead (``keep=False``), every other reader keeps the asset."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from photobank.catalog.model import Asset
from photobank.composition import Services
from tests.catalog.support import build_store, open_store, serve


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data_dir = Path(tmp_path_factory.mktemp("asset-reads"))
    build_store(data_dir, assets=6)
    opened = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def reads(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The ids of each read of the store, from now on."""
    repository = services.catalog.repository
    made: list[list[str]] = []
    read = repository.get_assets

    def counted(ids: Sequence[str]) -> dict[str, Asset]:
        made.append(list(ids))
        return read(ids)

    monkeypatch.setattr(repository, "get_assets", counted)
    return made


def _ids(services: Services) -> list[str]:
    return [a.id for batch in services.catalog.repository.iter_assets() for a in batch]


def test_an_asset_read_to_project_is_not_kept_and_one_read_otherwise_is(
    services: Services, reads: list[list[str]]
) -> None:
    first, second = _ids(services)[:2]
    catalog = services.catalog
    assert catalog.get_assets([first], keep=False).keys() == {first}
    assert catalog.get_assets([first], keep=False).keys() == {first}
    assert reads == [[first], [first]]  # read each time: not kept
    catalog.get_kept([second])
    assert catalog.get_assets([second, first], keep=False).keys() == {first, second}
    assert reads[2:] == [[second], [first]]  # the kept one is taken as it is


def test_an_image_looked_up_twice_is_read_once_and_the_asset_cache_stays_as_it_was(
    services: Services, reads: list[list[str]]
) -> None:
    image = next(
        i for i in _ids(services)[2:] if services.catalog.get_assets([i], "image", keep=False)
    )
    reads.clear()
    server = serve(services)
    for _ in range(2):
        answer = server.http.get(f"/v3/images/{image}")
        assert answer.status_code == 200 and answer.json()["images"][0]["id"] == image
    assert reads == [[image]]  # the second answered without a read
    services.catalog.get_kept([image])
    assert reads == [[image], [image]]  # the asset itself was not kept by the lookup
