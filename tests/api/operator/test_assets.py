"""``/operator/v1/assets/{id}``: edits, withdrawals and deletions a running server shows at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from photobank.accounts.operators import OperatorCredential
from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from tests.conftest import SECURE_BASE, START, ContractClient
from tests.deployment import deployed
from tests.ingest.support import encoded, picture

API_KEY = "operator-assets-key"


class Site:
    def __init__(self, client: ContractClient, token: str, services: Services) -> None:
        self.client, self.services = client, services
        self.auth = {"Authorization": f"Bearer {token}"}

    def found(self, phrase: str) -> list[str]:
        answer = self.client.get("/v3/search/images", params={"phrase": phrase, "fields": "id"})
        return [image["id"] for image in answer.json()["images"]]

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        response = self.client.request(
            method, f"/operator/v1/assets/{path}", headers=self.auth, **kwargs
        )
        return response.status_code, response.json() if response.content else None


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Site, str]]:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    services.accounts.create_client("operator tests", api_key=API_KEY, secret="s")
    token = OperatorCredential(services.engine).issue()
    client = ContractClient(
        create_app(settings, services), base_url=SECURE_BASE, headers={"Api-Key": API_KEY}
    )
    upload = client.post(
        "/operator/v1/ingest",
        headers={"Authorization": f"Bearer {token}"},
        files=[("files", ("harbour.jpg", encoded(picture()), "image/jpeg"))],
    )
    (added,) = upload.json()["added"]
    try:
        yield Site(client, token, services), added["id"]
    finally:
        services.close()


def test_an_edit_is_searchable_at_once_and_partners_hear_update(site: tuple[Site, str]) -> None:
    server, asset_id = site
    assert server.found("harbour") == [asset_id]  # cached now
    status, record = server.call(
        "PATCH", asset_id, json={"title": "Quayside at noon", "keywords": ["quay", "boats"]}
    )
    assert status == 200 and record["title"] == "Quayside at noon"
    assert [k["text"] for k in record["keywords"]] == ["quay", "boats"]
    assert server.found("quayside") == [asset_id] and server.found("harbour") == []
    (change,) = server.services.catalog.repository.changes_after(0)[-1:]
    assert (change.asset_id, change.change_type) == (asset_id, "update")


def test_withdraw_restore_and_delete_reach_search_at_once(site: tuple[Site, str]) -> None:
    server, asset_id = site
    assert server.found("harbour") == [asset_id]
    status, record = server.call("POST", f"{asset_id}/withdraw")
    assert (status, record["status"]) == (200, "withdrawn")
    assert server.found("harbour") == []
    shown = server.client.get(f"/v3/images/{asset_id}")
    assert shown.status_code == 404
    status, record = server.call("POST", f"{asset_id}/restore")
    assert (status, record["status"]) == (200, "active") and server.found("harbour") == [asset_id]
    assert server.call("DELETE", asset_id) == (204, None)
    assert server.found("harbour") == []
    assert server.call("GET", asset_id) == (404, {"message": f"Asset not found: {asset_id}"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Nothing to change: give a field and its new value."),
        ({"shoe_size": 44}, "'shoe_size' is not a field photobank takes"),
        ({"asset_family": "weekly"}, "asset_family: 'weekly' is not one of creative, editorial"),
        ({"path": "/etc/passwd"}, "path: an edit cannot change which asset or file it is"),
        ({"id": "12345"}, "id: an edit cannot change which asset or file it is"),
        ([1, 2], "The body must be a JSON object of fields and new values."),
    ],
)
def test_a_bad_edit_is_a_400_naming_what_is_wrong(
    site: tuple[Site, str], body: Any, message: str
) -> None:
    server, asset_id = site
    assert server.call("PATCH", asset_id, json=body) == (400, {"message": message})
    assert server.found("harbour") == [asset_id]  # nothing changed


def test_unknown_assets_and_missing_tokens_are_refused(site: tuple[Site, str]) -> None:
    server, _ = site
    assert server.call("POST", "999999999/withdraw") == (
        404,
        {"message": "Asset not found: 999999999"},
    )
    anonymous = server.client.get("/operator/v1/assets/1")
    assert anonymous.status_code == 401 and "operator token" in anonymous.json()["message"]
