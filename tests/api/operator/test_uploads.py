"""``POST /operator/v1/ingest``: the ingest service behind the operator token, over HTTPS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from photobank.accounts.operators import OperatorCredential
from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.ingest.folders import FolderIngest
from photobank.ingest.options import IngestOptions
from photobank.ingest.turns import ingest_turn
from photobank.store import tables as t
from tests.conftest import SECURE_BASE, START, ContractClient
from tests.deployment import deployed
from tests.ingest.support import encoded, picture, tagged_jpeg

API_KEY = "operator-test-key"


@contextmanager
def _serving(tmp_path: Path, **changes: Any) -> Iterator[tuple[ContractClient, str, Services]]:
    """A server over a new data directory (settings ``changes``), its operator token."""
    settings = deployed(
        data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0, **changes
    )
    services = build_services(settings, ManualClock(START))
    services.accounts.create_client("operator tests", api_key=API_KEY, secret="s")
    token = OperatorCredential(services.engine).issue()
    client = ContractClient(
        create_app(settings, services), base_url=SECURE_BASE, headers={"Api-Key": API_KEY}
    )
    try:
        yield client, token, services
    finally:
        services.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[ContractClient, str]]:
    with _serving(tmp_path, ingest_max_file_size=1) as (client, token, _):
        yield client, token


def _upload(
    client: ContractClient, token: str | None, files: list[tuple[str, bytes]], **fields: str
) -> tuple[int, dict[str, object]]:
    response = _posted(client, token, files, **fields)
    body: dict[str, object] = response.json()
    return response.status_code, body


def _posted(
    client: ContractClient, token: str | None, files: list[tuple[str, bytes]], **fields: str
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    if "manifest" in fields:
        parts.append(("manifest", ("rows.csv", fields.pop("manifest").encode(), "text/csv")))
    return client.post(
        "/operator/v1/ingest", headers=headers, files=parts or None, data=fields or None
    )


def test_uploaded_files_become_searchable_assets_and_again_change_nothing(
    site: tuple[ContractClient, str], tmp_path: Path
) -> None:
    client, token = site
    lighthouse = tagged_jpeg(tmp_path / "lighthouse.jpg").read_bytes()
    plain = encoded(picture((80, 60), (20, 90, 200)), "PNG")
    files = [("lighthouse.jpg", lighthouse), ("blue.png", plain)]
    status, report = _upload(client, token, files, collection="UPLOADS")
    assert status == 200, report
    added = {Path(str(a["path"])).name: a["id"] for a in report["added"]}  # type: ignore[union-attr,index]
    assert set(added) == {"lighthouse.jpg", "blue.png"} and report["failed"] == []
    found = client.get("/v3/search/images", params={"phrase": "lighthouse"}).json()
    assert [image["id"] for image in found["images"]] == [added["lighthouse.jpg"]]
    shown = client.get(f"/v3/images/{added['blue.png']}", params={"fields": "collection_code"})
    assert shown.json()["images"][0]["collection_code"] == "UPLOADS"
    status, again = _upload(client, token, files)
    assert (status, again["added"], again["updated"]) == (200, [], [])
    changed = [("blue.png", encoded(picture((80, 60), (200, 90, 20)), "PNG"))]
    status, update = _upload(client, token, changed)
    assert [u["id"] for u in update["updated"]] == [added["blue.png"]]  # type: ignore[union-attr,index]


def test_a_manifest_part_names_uploaded_files(site: tuple[ContractClient, str]) -> None:
    client, token = site
    manifest = "path,id,title\nsea.jpg,200261415-001,Open sea\n"
    status, report = _upload(client, token, [("sea.jpg", encoded(picture()))], manifest=manifest)
    assert status == 200 and report["failed"] == [], report
    image = client.get("/v3/images/200261415-001", params={"fields": "title"}).json()
    assert image["images"][0]["title"] == "Open sea"


def test_bad_files_are_reported_and_the_rest_ingested(site: tuple[ContractClient, str]) -> None:
    client, token = site
    files = [
        ("ok.jpg", encoded(picture())),
        ("empty.jpg", b""),
        ("notes.txt", b"not a picture"),
        ("huge.jpg", b"\xff\xd8" + bytes(1024 * 1024)),
    ]
    status, report = _upload(client, token, files)
    assert status == 200
    reasons = {Path(str(f["path"])).name: f["reason"] for f in report["failed"]}  # type: ignore[union-attr,index]
    assert reasons == {
        "huge.jpg": "larger than the 1 MB a file may be (PHOTOBANK_INGEST_MAX_FILE_SIZE)",
        "empty.jpg": "empty file",
        "notes.txt": reasons["notes.txt"],
    }
    assert "not a supported" in str(reasons["notes.txt"])
    assert len(report["added"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("token", "fields", "status", "message"),
    [
        (None, {}, 401, "This needs the operator token"),
        ("pbo_wrong", {}, 403, "Wrong operator token."),
        ("OK", {"family": "weekly"}, 400, "family: 'weekly' is not one of creative, editorial"),
        ("OK", {"product_types": "all"}, 400, "product_types: 'all' is not one of"),
        ("OK", {"dry_run": "maybe"}, 400, "dry_run: must be true or false"),
    ],
)
def test_requests_that_cannot_run_are_refused_with_the_reason(
    site: tuple[ContractClient, str],
    token: str | None,
    fields: dict[str, str],
    status: int,
    message: str,
) -> None:
    client, good = site
    given = good if token == "OK" else token
    got, body = _upload(client, given, [("a.jpg", encoded(picture()))], **fields)
    assert got == status and str(body["message"]).startswith(message), body
    assert client.get("/v3/search/images", params={"phrase": "a"}).json()["result_count"] == 0


def test_no_files_twice_the_same_name_and_plain_http_are_refused(
    site: tuple[ContractClient, str],
) -> None:
    client, token = site
    assert _upload(client, token, []) == (
        400,
        {"message": "files: give one or more files parts (or a manifest part)"},
    )
    twice = [("a.jpg", encoded(picture())), ("a.jpg", encoded(picture()))]
    assert _upload(client, token, twice) == (400, {"message": "files: 'a.jpg' is uploaded twice"})
    plain = client.post(
        "http://photobank.test/operator/v1/ingest", headers={"Authorization": f"Bearer {token}"}
    )
    assert (plain.status_code, json.loads(plain.text)["message"]) == (
        403,
        "The operator token is only taken over HTTPS.",
    )


def test_uploads_are_named_by_file_name_and_leave_no_copy_in_the_data_directory(
    site: tuple[ContractClient, str], tmp_path: Path
) -> None:
    client, token = site
    status, report = _upload(client, token, [("quay.jpg", encoded(picture()))])
    assert status == 200 and [a["path"] for a in report["added"]] == ["uploads/quay.jpg"]  # type: ignore[union-attr,index]
    assert not list((tmp_path / "data").rglob("quay.jpg"))  # the original is in media/, by id


def test_manifest_rows_naming_no_file_of_the_upload_are_refused(
    site: tuple[ContractClient, str],
) -> None:
    client, token = site
    manifest = "path,title\nsea.jpg,Open sea\nlake.jpg,Lake\n../../photobank.db,Store\n"
    status, report = _upload(client, token, [("sea.jpg", encoded(picture()))], manifest=manifest)
    assert status == 200 and len(report["added"]) == 1  # type: ignore[arg-type]
    assert report["failed"] == [
        {
            "path": "rows.csv:3",
            "reason": "path: 'lake.jpg' is not a file uploaded with this manifest",
        },
        {
            "path": "rows.csv:4",
            "reason": "path: '../../photobank.db' is not a file uploaded with this manifest",
        },
    ]


def test_files_an_earlier_release_kept_in_uploads_are_adopted_by_name(tmp_path: Path) -> None:
    """That release stored an upload's path in the data directory: a changed file of the
    same name still updates its asset, and the copy kept there goes."""
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    try:
        kept = settings.data_dir / "uploads" / "harbour.jpg"
        kept.parent.mkdir(parents=True)
        kept.write_bytes(encoded(picture((64, 48), (10, 60, 160))))
        earlier = FolderIngest(services, IngestOptions()).run([str(kept)])
        [(_, asset_id)] = earlier.added
        services.accounts.create_client("adoption", api_key=API_KEY, secret="s")
        token = OperatorCredential(services.engine).issue()
        app = create_app(settings, services)
        assert not kept.parent.exists()
        client = ContractClient(app, base_url=SECURE_BASE, headers={"Api-Key": API_KEY})
        changed = [("harbour.jpg", encoded(picture((64, 48), (160, 60, 10))))]
        status, report = _upload(client, token, changed)
        assert (status, report["added"]) == (200, [])
        assert report["updated"] == [{"path": "uploads/harbour.jpg", "id": asset_id}]
    finally:
        services.close()


def test_an_upload_while_another_run_holds_the_turn_is_refused_with_nothing_written(
    tmp_path: Path,
) -> None:
    files = [("quay.jpg", encoded(picture((64, 48), (10, 120, 200))))]
    with _serving(tmp_path, ingest_upload_wait=0.3) as (client, token, services):
        with ingest_turn(services.engine, services.settings.data_dir):  # a long `ingest`
            refused = _posted(client, token, files)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "5"
        assert "Another ingest run" in refused.json()["message"]
        with services.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(t.assets)) == 0
        status, report = _upload(client, token, files)
        assert (status, len(report["added"])) == (200, 1)  # once that run has ended
