"""The console's catalog: counts, recent changes, and an asset edited, withdrawn, restored
and deleted — each seen by search at once."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.web.console.conftest import Console, post


def _found(visitor: TestClient, phrase: str) -> bool:
    return "Nothing matches." not in visitor.get("/search", params={"phrase": phrase}).text


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in rows if "<td" in r]  # fmt: skip


def test_counts_and_recent_changes(console: Console) -> None:
    page = console.operator().get("/console/")
    assert page.status_code == 200 and "(1 assets)" in page.text
    assert _cells(page.text, "counts") == [["image", "creative", "1", "0"]]
    [change] = _cells(page.text, "changes")
    assert change[1] == "ingest" and change[2].startswith(console.asset_id)


def test_an_edit_is_searchable_at_once(console: Console) -> None:
    operator, page = console.operator(), f"/console/assets/{console.asset_id}"
    assert 'value="harbour"' in operator.get(page).text
    saved = post(operator, page, page, title="Quayside at noon", caption="Boats.",
                 keywords="quay, boats")  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == page
    shown = operator.get(page).text
    assert "Quayside at noon" in shown and "quay, boats" in shown
    assert _found(operator, "quayside") and not _found(operator, "harbour")
    assert _cells(operator.get("/console/").text, "changes")[0][1] == "update"


def test_withdraw_restore_and_delete(console: Console) -> None:
    operator, page = console.operator(), f"/console/assets/{console.asset_id}"
    post(operator, page, f"{page}/withdraw")
    assert 'id="status">withdrawn' in operator.get(page).text
    assert not _found(operator, "harbour")
    assert _cells(operator.get("/console/").text, "counts") == [["image", "creative", "0", "1"]]
    post(operator, page, f"{page}/restore")
    assert 'id="status">on offer' in operator.get(page).text and _found(operator, "harbour")
    confirm = operator.get(f"{page}/delete")
    assert "Delete for good" in confirm.text
    gone = post(operator, f"{page}/delete", f"{page}/delete")
    assert gone.status_code == 303
    assert operator.get(page).status_code == 404
    assert "(deleted)" in _cells(operator.get("/console/").text, "changes")[0][2]


def test_bad_input_is_a_readable_4xx(console: Console) -> None:
    operator = console.operator()
    missing = operator.get("/console/assets/nope")
    assert missing.status_code == 404 and "Asset not found: nope" in missing.text
    assert operator.get("/console/?before=x").status_code == 400
    page = f"/console/assets/{console.asset_id}"
    refused = post(operator, page, page, title="x" * 20_000)  # more than a form may be
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    found = operator.get("/console/assets", params={"id": console.asset_id}, follow_redirects=False)
    assert found.headers["location"] == page
