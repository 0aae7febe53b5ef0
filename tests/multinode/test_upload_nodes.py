"""Operator uploads through either node: one source per file name, no copies on the nodes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from photobank.demo.credentials import demo_credentials
from tests.ingest.support import encoded, picture
from tests.multinode.conftest import Cluster, Node

CHANGES = "/v3/asset-changes/change-sets"


def _upload(cluster: Cluster, node: Node, name: str, data: bytes) -> dict[str, Any]:
    answer = httpx.post(
        f"{node.base}/operator/v1/ingest",
        headers={"Authorization": f"Bearer {cluster.operator}"},
        files=[("files", (name, data, "image/jpeg"))],
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    report: dict[str, Any] = answer.json()
    assert report["failed"] == [], report
    return report


def _lifecycles(node: Node, asset_id: str) -> list[str]:
    """What the demo client's creative image channel says of ``asset_id``, change-set by
    change-set until none is left (each confirmed)."""
    creds = demo_credentials(42)
    form = {"grant_type": "client_credentials", "client_id": creds.api_key}
    token = httpx.post(
        f"{node.base}/oauth2/token", data={**form, "client_secret": creds.api_secret}
    )
    headers = {"Api-Key": creds.api_key, "Authorization": f"Bearer {token.json()['access_token']}"}
    listed = httpx.get(f"{node.base}/v3/asset-changes/channels", headers=headers).json()
    channel = next(c["ChannelId"] for c in listed if c["AssetFamily"] == "Creative"
                   and c["AssetType"] == "Image")  # fmt: skip
    seen = []
    while True:
        body = httpx.put(f"{node.base}{CHANGES}", params={"channel_id": channel}, headers=headers)
        assert body.status_code in (200, 201), body.text
        found = body.json()
        if found["change_set_id"] is None:
            return seen
        seen += [c["asset_lifecycle"] for c in found["changed_assets"] if c["id"] == asset_id]
        httpx.delete(f"{node.base}{CHANGES}/{found['change_set_id']}", headers=headers)


def _files_under(folder: Path, name: str) -> list[Path]:
    return [path for path in folder.rglob(name) if path.is_file()]


def test_a_changed_file_uploaded_through_the_other_node_updates_its_asset(
    cluster: Cluster,
) -> None:
    one, other = cluster.nodes[:2]
    first = _upload(cluster, one, "harbour.jpg", encoded(picture((96, 64), (20, 60, 160))))
    [added] = first["added"]
    assert added["path"] == "uploads/harbour.jpg"
    _lifecycles(one, added["id"])  # the channel read up to here
    changed = encoded(picture((96, 64), (200, 120, 20)))
    second = _upload(cluster, other, "harbour.jpg", changed)
    assert (second["added"], second["updated"]) == ([], [added])
    assert _lifecycles(one, added["id"]) == ["Update"]
    again = _upload(cluster, other, "harbour.jpg", changed)
    assert (again["added"], again["updated"], again["unchanged"]) == (
        [],
        [],
        ["uploads/harbour.jpg"],
    )
    for node_dir in {cluster.first, *(Path(n.log).parent for n in (one, other))}:
        assert _files_under(node_dir, "harbour.jpg") == []  # the original is in S3 only


def test_the_same_name_uploaded_through_both_nodes_at_once_makes_one_asset(
    cluster: Cluster,
) -> None:
    one, other = cluster.nodes[:2]
    uploads = [
        (one, encoded(picture((80, 60), (10, 200, 10)))),
        (other, encoded(picture((80, 60), (200, 10, 200)))),
    ]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda u: _upload(cluster, u[0], "quay.jpg", u[1]), uploads))
    added = [entry for report in reports for entry in report["added"]]
    updated = [entry for report in reports for entry in report["updated"]]
    assert len(added) == 1 and updated == added, reports
