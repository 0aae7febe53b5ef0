"""Demo builds over a store that already holds something: what is wiped, kept or refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from photobank.cli import app
from photobank.composition import Services, build_services
from photobank.demo.builds import (
    DemoBuild,
    DemoPlan,
    build_demo,
    plan_demo_build,
    recorded_build,
)
from photobank.demo.generator import asset_ids, build_demo_catalog
from photobank.demo.world import build_world
from photobank.errors import Conflict
from photobank.media.originals import OriginalStore
from tests.deployment import deployed, use_environment

SEED, ASSETS, BATCH = 5, 30, 10


class Killed(Exception):
    """Stands in for a kill: the batches committed so far stay."""


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(deployed(data_dir=tmp_path, hash_cost="fast"))
    yield built
    built.close()


def _plan(services: Services, seed: int = SEED, assets: int = ASSETS) -> DemoPlan:
    return plan_demo_build(services.engine, "var", seed, assets)


def _build(
    services: Services,
    seed: int = SEED,
    assets: int = ASSETS,
    progress: Callable[[int], None] | None = None,
) -> None:
    plan = _plan(services, seed, assets)
    build_demo(services, plan, seed=seed, assets=assets, batch=BATCH, progress=progress)


def _killed_after(written: int) -> Callable[[int], None]:
    def progress(done: int) -> None:
        if done >= written:
            raise Killed

    return progress


def _ids(services: Services) -> list[str]:
    return sorted(a.id for batch in services.catalog.repository.iter_assets() for a in batch)


def test_an_unfinished_build_is_wiped_before_the_one_asked_for(services: Services) -> None:
    with pytest.raises(Killed):
        _build(services, progress=_killed_after(20))
    assert recorded_build(services.engine) == DemoBuild(SEED, ASSETS, finished=False)
    left = _ids(services)[0]
    originals = OriginalStore(services.media_storage, services.catalog.reference)
    drawn = originals.key_for(left)
    services.media_storage.put_bytes(drawn, b"drawn by a server over the unfinished catalog")
    plan = _plan(services, SEED + 1)
    assert plan.note == (
        "The demo catalog in var was left unfinished (20 of 30 assets);"
        " building seed 6 (30 assets) instead."
    )
    build_demo(services, plan, seed=SEED + 1, assets=ASSETS, batch=BATCH)
    assert _ids(services) == sorted(asset_ids(SEED + 1, ASSETS))
    assert services.index.doc_count == ASSETS
    assert not services.media_storage.exists(drawn)
    assert recorded_build(services.engine) == DemoBuild(SEED + 1, ASSETS, finished=True)


def test_a_finished_demo_is_kept_even_when_another_is_asked_for(services: Services) -> None:
    _build(services)
    assert _plan(services) == DemoPlan(build=False)
    other = _plan(services, assets=40)
    assert not other.build and other.note == (
        "var holds the demo catalog of seed 5 (30 assets), kept as it is;"
        " remove it to build seed 5 (40 assets)."
    )


def test_a_catalog_no_demo_build_marked_is_never_wiped(services: Services) -> None:
    build_demo_catalog(services.catalog.repository, assets=12, seed=SEED, signatures=False)
    plan = _plan(services)
    assert not plan.build and plan.note is None and len(_ids(services)) == 12


def test_an_unfinished_build_with_others_writes_is_refused(services: Services) -> None:
    with pytest.raises(Killed):
        _build(services, progress=_killed_after(10))
    repository = services.catalog.repository
    [asset] = repository.get_assets(_ids(services)[:1]).values()
    repository.save_assets([replace(asset, title="Retitled by the operator")], "update")
    with pytest.raises(Conflict, match="not wiping them"):
        _plan(services)
    assert len(_ids(services)) == 10


def test_reference_data_without_assets_or_marker_is_refused(services: Services) -> None:
    services.catalog.repository.add_reference(collections=build_world(SEED, ASSETS).collections)
    with pytest.raises(Conflict, match="no demo build is recorded"):
        _plan(services)


def test_serve_without_demo_refuses_an_unfinished_demo(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(Killed):
        _build(services, progress=_killed_after(20))
    use_environment(monkeypatch, services.settings.data_dir)
    result = CliRunner().invoke(app, ["serve", "--port", "1", "--https-port", "0"])
    assert result.exit_code == 1
    assert "was left unfinished; run `photobank serve --demo`" in result.output
