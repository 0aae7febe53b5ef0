"""Manifests: rows that add to or override what files say, and rows that are whole assets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from photobank.ingest.manifest import read_manifest
from photobank.ingest.overrides import drawn
from photobank.ingest.writer import AssetWriter
from photobank.search import _pg_writes as pg_writes
from photobank.search import postgres_backend
from photobank.store import tables as t
from tests.ingest.conftest import Library
from tests.ingest.support import encoded, picture, tagged_jpeg, write

_FIELDS = "id,title,caption,keywords,people,collection_code,product_types,city,country,date_created"


def _image(library: Library, asset_id: str) -> dict[str, Any]:
    response = library.client.get(f"/v3/images/{asset_id}", params={"fields": _FIELDS})
    assert response.status_code == 200, response.text
    image: dict[str, Any] = response.json()["images"][0]
    return image


def _found(library: Library, phrase: str) -> list[str]:
    response = library.client.get("/v3/search/images", params={"phrase": phrase})
    assert response.status_code == 200, response.text
    return [image["id"] for image in response.json()["images"]]


def _jsonl(path: Path, *rows: dict[str, Any]) -> Path:
    return write(path, "".join(json.dumps(row) + "\n" for row in rows).encode())


def test_a_csv_row_overrides_the_files_metadata_and_keeps_a_getty_style_id(
    library: Library, tmp_path: Path
) -> None:
    tagged_jpeg(tmp_path / "photos" / "lighthouse.jpg")
    manifest = write(
        tmp_path / "photos" / "library.csv",
        b"path,id,title,keywords,collection_code,product_types,city,country\n"
        b'lighthouse.jpg,200261415-001,"Kerbrat light, Brittany",beacon;granite;sea,'
        b"NORTH,premiumaccess;imagepack,Le Conquet,France\n",
    )
    report = library.ingest(tmp_path / "photos" / "lighthouse.jpg", manifest=manifest)
    assert report.failed == [] and [i for _, i in report.added] == ["200261415-001"]
    image = _image(library, "200261415-001")
    assert image["title"] == "Kerbrat light, Brittany"
    assert image["caption"] == "A red lighthouse on a rocky point as the sun sets."  # from IPTC
    assert [k["text"] for k in image["keywords"]] == ["beacon", "granite", "sea"]
    assert image["collection_code"] == "NORTH"
    assert sorted(image["product_types"]) == ["imagepack", "premiumaccess"]
    assert (image["city"], image["country"]) == ("Le Conquet", "France")
    assert _found(library, "granite") == ["200261415-001"]
    assert _found(library, "dusk") == []  # the file's own keywords were replaced


def test_a_row_by_content_hash_follows_the_file_and_a_rerun_changes_nothing(
    library: Library, tmp_path: Path
) -> None:
    data = encoded(picture((90, 60)))
    write(tmp_path / "in" / "a.jpg", data)
    digest = hashlib.sha256(data).hexdigest()
    manifest = _jsonl(tmp_path / "rows.jsonl", {"content_hash": digest, "title": "Hashed"})
    first = library.ingest(tmp_path / "in", manifest=manifest)
    (asset_id,) = [i for _, i in first.added]
    assert _image(library, asset_id)["title"] == "Hashed"
    seq = library.services.catalog.repository.last_change_seq()
    again = library.ingest(tmp_path / "in", manifest=manifest)
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 1)
    assert library.services.catalog.repository.last_change_seq() == seq


def test_a_changed_row_updates_the_asset_and_leaves_its_file_alone(
    library: Library, tmp_path: Path
) -> None:
    photo = write(tmp_path / "in" / "a.jpg", encoded(picture((90, 60))))
    manifest = _jsonl(tmp_path / "rows.jsonl", {"path": str(photo), "title": "First"})
    (added,) = library.ingest(tmp_path / "in", manifest=manifest).added
    asset_id = added[1]
    before = library.client.get(f"/v3/images/{asset_id}", params={"fields": "blurhash"}).json()
    seq = library.services.catalog.repository.last_change_seq()
    _jsonl(manifest, {"path": str(photo), "title": "Second", "keywords": ["harbour"]})
    changed = library.ingest(tmp_path / "in", manifest=manifest)
    assert changed.updated == [(str(photo), asset_id)]
    assert _image(library, asset_id)["title"] == "Second"
    assert _found(library, "harbour") == [asset_id]
    after = library.client.get(f"/v3/images/{asset_id}", params={"fields": "blurhash"}).json()
    assert after == before  # measured from the file once; the file was not read again
    (change,) = library.services.catalog.repository.changes_after(seq)
    assert (change.asset_id, change.change_type) == (asset_id, "update")


def test_rows_with_no_file_are_assets_drawn_from_their_metadata(
    library: Library, tmp_path: Path
) -> None:
    manifest = _jsonl(
        tmp_path / "catalog.jsonl",
        {"id": "501", "title": "Harbour at night", "width": 3000, "height": 2000},
        {
            "id": "502",
            "title": "Market stalls",
            "max_dimensions": {"width": 1200, "height": 1600},
            "keywords": [{"text": "market"}, {"text": "fruit"}],
            "date_created": "2021-06-01T09:30:00Z",
            "collection_id": 77,  # what the API computes is accepted and ignored
        },
    )
    report = library.ingest(manifest=manifest)
    assert report.failed == [] and [i for _, i in report.added] == ["501", "502"]
    assert _found(library, "market") == ["502"]
    assert _image(library, "502")["date_created"].startswith("2021-06-01T09:30:00")
    thumb = library.client.get("/v3/images/501", params={"fields": "thumb"}).json()
    assert library.client.get(thumb["images"][0]["display_sizes"][0]["uri"]).status_code == 200
    again = library.ingest(manifest=manifest)
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 2)
    _jsonl(manifest, {"id": "501", "title": "Harbour at dawn", "width": 3000, "height": 2000})
    assert [i for _, i in library.ingest(manifest=manifest).updated] == ["501"]
    assert _image(library, "501")["title"] == "Harbour at dawn"


def test_each_bad_row_is_reported_by_line_and_the_rest_ingested(
    library: Library, tmp_path: Path
) -> None:
    photo = write(tmp_path / "in" / "ok.jpg", encoded(picture()))
    manifest = _jsonl(
        tmp_path / "rows.jsonl",
        {"id": "601", "title": "Good", "width": 10, "height": 10},
        {"id": "602", "shoe_size": 44, "width": 10, "height": 10},
        {"id": "six", "width": 10, "height": 10},
        {"id": "603", "date_created": "yesterday", "width": 10, "height": 10},
        {"id": "604", "product_types": ["everything"], "width": 10, "height": 10},
        {"id": "605", "title": "No size"},
        {"title": "Nothing names me"},
        {"path": str(photo), "asset_family": "weekly"},
        {"id": "601", "title": "Twice", "width": 10, "height": 10},
    )
    with manifest.open("a") as out:
        out.write("{not json\n")
    report = library.ingest(tmp_path / "in", manifest=manifest)
    reasons = {f.path: f.reason for f in report.failed}
    assert reasons == {
        "rows.jsonl:2": "'shoe_size' is not a field photobank takes",
        "rows.jsonl:3": "id: 'six' is not an asset id (digits, as 200261415 or 200261415-001)",
        "rows.jsonl:4": "date_created: 'yesterday' is not an ISO 8601 date",
        "rows.jsonl:5": "product_types: 'everything' is not one of "
        "easyaccess, editorialsubscription, imagepack, premiumaccess, royaltyfreesubscription",
        "rows.jsonl:6": "a row with no file needs its width and height (or max_dimensions)",
        "rows.jsonl:7": "names no asset: give a path, a content_hash or an id",
        "rows.jsonl:8": "asset_family: 'weekly' is not one of creative, editorial",
        "rows.jsonl:9": "a second row for id 601",
        "rows.jsonl:10": "not JSON (Expecting property name enclosed in double quotes)",
    }
    assert sorted(i for _, i in report.added)[-1] == "601"
    assert len(report.added) == 2  # 601, and the file under its own metadata


def test_a_row_cannot_move_an_ingested_file_to_another_id(library: Library, tmp_path: Path) -> None:
    photo = write(tmp_path / "in" / "a.jpg", encoded(picture()))
    (added,) = library.ingest(tmp_path / "in").added
    write(photo, encoded(picture(colour=(10, 200, 10))))  # changed, so read again
    manifest = _jsonl(tmp_path / "rows.jsonl", {"path": str(photo), "id": "999999"})
    report = library.ingest(tmp_path / "in", manifest=manifest)
    assert [f.reason for f in report.failed] == [
        f"id: this file was ingested as {added[1]}; an asset's id cannot change"
    ]
    assert report.updated == [(str(photo), added[1])]


def test_drawn_pictures_are_measured_after_storing_even_after_a_killed_run(
    library: Library, tmp_path: Path
) -> None:
    services = library.services
    manifest = _jsonl(
        tmp_path / "rows.jsonl", {"id": "801", "title": "Pier", "width": 900, "height": 600}
    )
    rows, _ = read_manifest(manifest)
    # What a run killed between storing and measuring leaves: the asset, unmeasured.
    products = services.settings.new_collection_products
    writer = AssetWriter(services.catalog, services.media_storage, products, drawn_later=True)
    writer.save([drawn(rows.bare_rows[0], "LIBRARY", services.clock.now())])
    assert _blurhash(library, "801") is None
    again = library.ingest(manifest=_jsonl(tmp_path / "more.jsonl", *_ROW_802))
    assert [i for _, i in again.added] == ["802"]
    for asset_id in ("801", "802"):  # the one left behind is measured with the new one
        assert _blurhash(library, asset_id)
    with services.engine.connect() as conn:
        signed = set(conn.scalars(select(t.visual_signatures.c.asset_id)))
    assert {"801", "802"} <= signed


_ROW_802 = ({"id": "802", "title": "Jetty", "width": 600, "height": 900},)


def _blurhash(library: Library, asset_id: str) -> str | None:
    answer = library.client.get(f"/v3/images/{asset_id}", params={"fields": "blurhash"})
    blurhash: str | None = answer.json()["images"][0]["blurhash"]
    return blurhash


def test_keywords_keep_the_type_and_relevance_an_export_gives_them(
    library: Library, tmp_path: Path
) -> None:
    keywords = [{"keyword_id": "7", "text": "Brest", "type": "Location", "relevance": 80}, "sea"]
    manifest = _jsonl(
        tmp_path / "rows.jsonl",
        {"id": "901", "width": 800, "height": 600, "keywords": keywords},
        {"id": "902", "width": 800, "height": 600, "keywords": [{"text": "x", "type": "Mood"}]},
    )
    report = library.ingest(manifest=manifest)
    assert [f.reason for f in report.failed] == [
        "keywords.type: 'Mood' is not one of Concept, Subject, Location, Composition, Event,"
        " People, Style"
    ]
    shown = [(k["text"], k["type"], k["relevance"]) for k in _image(library, "901")["keywords"]]
    assert shown == [("Brest", "Location", 80), ("sea", "Concept", 50)]


def test_a_video_row_with_no_file_is_refused_not_drawn_as_an_image(
    library: Library, tmp_path: Path
) -> None:
    manifest = _jsonl(
        tmp_path / "rows.jsonl",
        {"id": "951", "asset_type": "video", "width": 1920, "height": 1080},
        {"id": "952", "asset_type": "image", "width": 1920, "height": 1080},
    )
    report = library.ingest(manifest=manifest)
    assert [(f.path, f.reason) for f in report.failed] == [
        (
            "rows.jsonl:1",
            "asset_type: a video cannot be drawn; give its file by path or content_hash",
        )
    ]
    assert [i for _, i in report.added] == ["952"]


def test_a_rows_status_withdraws_and_restores_its_asset(library: Library, tmp_path: Path) -> None:
    row = {"id": "88001", "title": "Ferry at the quay", "width": 1200, "height": 800}
    first = _jsonl(tmp_path / "first.jsonl", {**row, "status": "withdrawn"})
    assert library.ingest(manifest=first).failed == []
    assert library.client.get("/v3/images/88001").status_code == 404  # off offer
    assert _found(library, "ferry") == []
    back = _jsonl(tmp_path / "back.jsonl", {**row, "status": "active"})
    assert [i for _, i in library.ingest(manifest=back).updated] == ["88001"]
    assert _found(library, "ferry") == ["88001"]
    refused = _jsonl(tmp_path / "bad.jsonl", {**row, "status": "hidden"})
    [failed] = library.ingest(manifest=refused).failed
    assert "status" in failed.reason and "withdrawn" in failed.reason


def _secondary_indexes(library: Library) -> list[str]:
    """The search table's indexes besides its key (PostgreSQL's; none embedded)."""
    engine = library.services.engine
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as conn:
        names = conn.scalars(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents'"
                " AND indexname <> 'search_documents_pkey' ORDER BY indexname"
            )
        )
        return list(names)


def test_a_large_manifest_is_indexed_once_stored_whole_and_then_row_by_row_again(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = library.services.settings.model_copy(update={"ingest_index_at_end": 30})
    monkeypatch.setattr(library.services, "settings", settings)
    monkeypatch.setattr(postgres_backend, "_CHANGE_BATCH", 20)
    rebuilds = []
    rebuild = pg_writes.rebuild
    monkeypatch.setattr(pg_writes, "rebuild", lambda *a: rebuilds.append(1) or rebuild(*a))
    indexes = _secondary_indexes(library)
    size = {"width": 3000, "height": 2000}
    rows = [{"id": str(700 + n), "title": f"Lighthouse keeper {n}", **size} for n in range(40)]
    manifest = _jsonl(tmp_path / "archive.jsonl", *rows)
    with pytest.raises(RuntimeError), library.services.search.held_sync():
        report = library.ingest(manifest=manifest)
        assert len(report.added) == 40 and report.failed == []
        assert _found(library, "lighthouse") == []  # stored, not yet indexed
        raise RuntimeError("the run stops here: what it stored is indexed all the same")
    found = library.client.get("/v3/search/images", params={"phrase": "keeper", "page_size": 100})
    assert sorted(i["id"] for i in found.json()["images"]) == [r["id"] for r in rows]
    if indexes:  # PostgreSQL rebuilt its table, indexes and all, rather than row by row
        assert rebuilds == [1] and _secondary_indexes(library) == indexes
    _jsonl(manifest, {"id": "705", "title": "Lighthouse painter", **size})  # a small run: at once
    assert [i for _, i in library.ingest(manifest=manifest).updated] == ["705"]
    assert _found(library, "painter") == ["705"]
    assert len(rebuilds) == (1 if indexes else 0)
