"""``photobank assets``: every command against a real data directory, checked through a
server started afterwards (as the commands ask: run them with the server stopped)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from photobank.catalog.model import Asset
from photobank.cli import app
from photobank.composition import Services
from photobank.media.originals import OriginalStore
from photobank.media.urls import download_sizes
from photobank.store import tables as t
from tests.catalog.support import Partner, Server, build_store, open_store, serve
from tests.deployment import use_environment
from tests.ingest.support import encoded, picture, write

_SERIAL = itertools.count()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = Path(tmp_path_factory.mktemp("assets-cli"))
    build_store(data_dir)
    return data_dir


@pytest.fixture(autouse=True)
def _data_dir(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_environment(monkeypatch, store)
    monkeypatch.setenv("PHOTOBANK_HASH_COST", "fast")


@pytest.fixture
def server(store: Path) -> Iterator[Server]:
    """A server opened now: it sees what the commands changed before."""
    services = open_store(store)
    yield serve(services)
    services.close()


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, ["assets", *args])
    assert "Traceback" not in result.output
    return result


def pick(store: Path) -> Asset:
    """A creative image on offer that no other test of the module changes."""
    services = open_store(store)
    try:
        [batch] = services.catalog.repository.iter_assets()
        offered = [a for a in batch if a.asset_type == "image" and a.asset_family == "creative"]
        return offered[next(_SERIAL) % len(offered)]
    finally:
        services.close()


def changes_of(partner: Partner, asset_id: str) -> list[tuple[str, str, Any]]:
    return [change for change in partner.changes() if change[0] == asset_id]


def found(server: Server, phrase: str) -> list[str]:
    response = server.http.get("/v3/search/images", params={"phrase": phrase, "page_size": 100})
    return [image["id"] for image in response.json()["images"]]


def test_show_prints_the_fields_and_status_and_json(store: Path) -> None:
    asset = pick(store)
    shown = run("show", asset.id)
    assert shown.exit_code == 0
    assert f"title: {asset.title}" in shown.stdout.splitlines()
    assert "status: active" in shown.stdout.splitlines()
    record = json.loads(run("show", asset.id, "--json").stdout)
    assert (record["id"], record["caption"], record["status"]) == (
        asset.id,
        asset.caption,
        "active",
    )
    assert "path" not in record  # drawn from its metadata: no file


@pytest.mark.parametrize(
    "command",
    [["show"], ["withdraw", "{ok}"], ["restore"], ["delete", "{ok}"], ["update", "--title", "x"]],
)
def test_an_unknown_id_is_one_line_and_exit_code_1(store: Path, command: list[str]) -> None:
    asset = pick(store)
    args = [part.format(ok=asset.id) for part in command]
    args.insert(1, "999999997")
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.strip() == "error: Asset not found: 999999997"
    assert run("show", asset.id, "--json").exit_code == 0  # nothing was changed or deleted
    assert json.loads(run("show", asset.id, "--json").stdout)["status"] == "active"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "Nothing to change: give --title, --keywords ..."),
        (["--product-types", "gold"], "--product-types: 'gold' is not one of easyaccess"),
    ],
)
def test_an_update_photobank_cannot_make_is_one_line(
    store: Path, options: list[str], message: str
) -> None:
    result = run("update", pick(store).id, *options)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {message}") and result.output.count("\n") == 1


def test_withdraw_and_restore_reach_search_licensing_and_partners(store: Path) -> None:
    asset = pick(store)
    assert run("withdraw", asset.id).stdout == f"Withdrew 1 asset: {asset.id}.\n"
    again = run("withdraw", asset.id)
    assert again.stdout == f"Withdrew 0 assets. {asset.id}: already withdrawn.\n"
    assert json.loads(run("show", asset.id, "--json").stdout)["status"] == "withdrawn"
    services = open_store(store)
    try:
        server = serve(services)
        assert asset.id not in found(server, asset.title)
        assert server.http.get(f"/v3/images/{asset.id}").status_code == 404
        partner = Partner(server, f"cli-partner-{next(_SERIAL)}")
        assert changes_of(partner, asset.id) == [(asset.id, "Delete", "Image")]
    finally:
        services.close()
    assert run("restore", asset.id).stdout == f"Restored 1 asset: {asset.id}.\n"
    services = open_store(store)
    try:
        server = serve(services)
        assert asset.id in found(server, asset.title)
        assert changes_of(partner, asset.id) == [(asset.id, "New", "Image")]
    finally:
        services.close()


def test_update_changes_what_search_finds_and_partners_hear_update(store: Path) -> None:
    asset = pick(store)
    updated = run(
        "update", asset.id, "--title", "Quokka  marmalade parade", "--keywords", "Zebra Crossing",
        "--product-types", "easyaccess,premiumaccess",
    )  # fmt: skip
    assert updated.stdout == f"Updated {asset.id}: title, keywords, product_types.\n"
    services = open_store(store)
    try:
        server = serve(services)
        assert found(server, "quokka marmalade") == [asset.id]
        assert found(server, "zebra crossing") == [asset.id]
        image = server.http.get(f"/v3/images/{asset.id}?fields=detail_set,keywords").json()
        [document] = image["images"]
        assert document["title"] == "Quokka marmalade parade"
        assert [k["text"] for k in document["keywords"]] == ["Zebra Crossing"]
        assert document["product_types"] == ["easyaccess", "premiumaccess"]
        assert document["caption"] == asset.caption  # what was not named stays
        partner = Partner(server, f"cli-partner-{next(_SERIAL)}")
        assert changes_of(partner, asset.id) == [(asset.id, "Update", "Image")]
    finally:
        services.close()


def test_delete_removes_the_asset_its_rows_original_and_renditions(
    store: Path, tmp_path: Path
) -> None:
    photo = write(tmp_path / "photos" / "quay.jpg", encoded(picture(colour=(10, 90, 200))))
    ingested = CliRunner().invoke(app, ["ingest", str(photo), "--json"])
    [added] = json.loads(ingested.stdout)["added"]
    asset_id = added["id"]
    record = json.loads(run("show", asset_id, "--json").stdout)
    assert record["path"] == str(photo) and record["source_file"]["size"] > 0
    services = open_store(store)
    try:
        [clip] = [a for batch in services.catalog.repository.iter_assets() for a in batch
                  if a.video is not None][:1]  # fmt: skip
        keys = _media_of(services, services.catalog.get_kept([asset_id, clip.id]).values())
        assert keys and all(services.media_storage.exists(key) for key in keys)
    finally:
        services.close()

    deleted = run("delete", asset_id, clip.id)
    assert deleted.stdout == f"Deleted 2 assets: {asset_id}, {clip.id}.\n"
    services = open_store(store)
    try:
        assert not any(services.media_storage.exists(key) for key in keys)
        with services.engine.connect() as conn:
            for table in (t.assets, t.ingested_files, t.visual_signatures):
                column = table.c.id if table is t.assets else table.c.asset_id
                assert conn.scalar(select(column).where(column == asset_id)) is None
        server = serve(services)
        assert server.http.get(f"/v3/images/{asset_id}").status_code == 404
        partner = Partner(server, f"cli-partner-{next(_SERIAL)}")
        assert changes_of(partner, asset_id) == [(asset_id, "Delete", None)]
    finally:
        services.close()
    assert run("show", asset_id).exit_code == 1


def _media_of(services: Services, assets: Iterable[Asset]) -> list[str]:
    """The media keys of each asset's original and of renditions a server would make of it."""
    renditions = services.renditions
    made = []
    for asset in assets:
        made.append(renditions.display(asset, "thumb", True))
        if asset.video is None:
            made.append(renditions.download(asset, download_sizes(asset)[0].name))
        else:
            made.append(renditions.preview_clip(asset, watermark=False))
    originals = OriginalStore(services.media_storage, services.catalog.reference)
    stored = [services.media_storage.stat(originals.key_for(a.id)) for a in assets]
    return [s.key for s in [*stored, *(r.stored for r in made)] if s is not None]


def test_export_writes_v3_records_that_an_ingest_manifest_loads_back(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    withdrawn = pick(store)
    run("withdraw", withdrawn.id)
    exported = tmp_path / "catalog.jsonl"
    assert run("export", "--manifest", str(exported)).exit_code == 0
    records = [json.loads(line) for line in exported.read_text().splitlines()]
    by_id = {r["id"]: r for r in records}
    assert by_id[withdrawn.id]["status"] == "withdrawn"
    assert run("export").stdout == exported.read_text()  # standard output: the same lines
    services = open_store(store)
    try:
        assert len(records) == services.catalog.repository.count_assets()
        server = serve(services)
        for record in records[:8]:
            if record["status"] != "active" or record["asset_type"] != "image":
                continue
            [v3] = server.http.get(
                f"/v3/images/{record['id']}?fields=detail_set,keywords,people"
            ).json()["images"]
            assert {k: record[k] for k in v3} == v3  # v3's names, v3's values
    finally:
        services.close()
    run("restore", withdrawn.id)

    use_environment(monkeypatch, tmp_path / "elsewhere")
    loaded = CliRunner().invoke(app, ["ingest", "--manifest", str(exported), "--json"])
    failed = json.loads(loaded.stdout)["failed"]
    videos = [r for r in records if r["asset_type"] == "video"]
    assert loaded.exit_code == (1 if videos else 0), loaded.output
    assert len(failed) == len(videos)  # a video's file is not in the export: named, not drawn
    assert {f["reason"] for f in failed} <= {
        "asset_type: a video cannot be drawn; give its file by path or content_hash"
    }
    again = {r["id"]: r for r in map(json.loads, run("export").stdout.splitlines())}
    images = [r for r in records if r["asset_type"] == "image"]
    assert images and set(again) >= {r["id"] for r in images}
    for record in images:
        copy = again[record["id"]]
        assert {k: copy[k] for k in _CARRIED} == {k: record[k] for k in _CARRIED}
        assert [k["text"] for k in copy["keywords"]] == [k["text"] for k in record["keywords"]]
    assert again[withdrawn.id]["status"] == "withdrawn"  # still off offer, still kept


# What a manifest row sets, and so what an export loaded back reproduces.
_CARRIED = (
    "title", "caption", "artist", "artist_title", "credit_line", "copyright", "object_name",
    "collection_code", "asset_family", "license_model", "product_types", "people", "city",
    "state_province", "country", "date_created", "max_dimensions", "graphical_style",
    "color_type", "status",
)  # fmt: skip
