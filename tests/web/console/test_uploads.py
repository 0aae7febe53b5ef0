"""Uploading from the console: the ingest run's report, as JSON for the script or a page."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.ingest.support import encoded, picture
from tests.web.console.conftest import Console
from tests.web.visitors import token


def _upload(visitor: TestClient, *names: str, json: bool = True, **fields: str) -> object:
    form = {"csrf_token": token(visitor.get("/console/upload").text), **fields}
    files = [
        ("files", (name, encoded(picture(colour=(40 * i, 90, 160))), "image/jpeg"))
        for i, name in enumerate(names)
    ]
    headers = {"Accept": "application/json"} if json else {}
    return visitor.post("/console/upload", data=form, files=files, headers=headers,
                        follow_redirects=False)  # fmt: skip


def test_an_uploaded_file_is_reported_and_found_in_search(console: Console) -> None:
    operator = console.operator()
    answer = _upload(operator, "lighthouse.jpg", collection="COAST")
    report = answer.json()
    assert answer.status_code == 200 and len(report["added"]) == 1
    assert "1 result" in operator.get("/search", params={"phrase": "lighthouse"}).text
    again = _upload(operator, "lighthouse.jpg").json()
    assert again["added"] == [] and len(again["unchanged"]) == 1


def test_without_the_script_the_report_is_a_page(console: Console) -> None:
    page = _upload(console.operator(), "dune.jpg", "cliff.jpg", json=False)
    assert page.status_code == 200
    assert "2 added, 0 updated, 0 unchanged, 0 failed." in page.text
    assert "dune.jpg" in page.text and "/console/assets/" in page.text


def test_refusals_are_readable(console: Console) -> None:
    operator = console.operator()
    bad = _upload(operator, "x.jpg", family="poster")
    assert bad.status_code == 400 and bad.json()["message"].startswith("family:")
    forged = operator.post("/console/upload", files=[("files", ("a.jpg", b"x", "image/jpeg"))],
                           headers={"Accept": "application/json"})  # fmt: skip
    assert forged.status_code == 403 and "expired" in forged.json()["message"]
    stranger = console.visitor().post(
        "/console/upload",
        files=[("files", ("a.jpg", b"x"))],
        headers={"Accept": "application/json"},
    )
    assert stranger.status_code == 401
