"""Withdrawn assets: out of search, lookups and licensing, still in what customers keep.

Checked over HTTP on a catalog of this module's own, v3 and legacy skins
alike, with a partner's change channel watching.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.errors import NotFound
from photobank.ingest.folders import FolderIngest
from photobank.ingest.manifest import read_manifest
from photobank.ingest.options import IngestOptions
from photobank.licensing.products import ProductTerms
from tests.api.legacy.support import call, image_ids, search_images, session
from tests.catalog.support import Partner, Server, build_store, open_store, serve
from tests.conftest import ContractClient
from tests.shoppers import Shopper, new_customer, premium, shopper

PREMIUM = ProductTerms("premiumaccess", download_limit=100)
_PICKED = itertools.count()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = Path(tmp_path_factory.mktemp("withdraw"))
    build_store(data_dir)
    services = open_store(data_dir)
    yield serve(services)
    services.close()


@pytest.fixture
def buyer(server: Server) -> Shopper:
    return shopper(server.services, server.http, server.demo, PREMIUM)


@pytest.fixture
def partner(server: Server) -> Partner:
    watcher = Partner(server, f"partner-{next(_PICKED)}")
    watcher.changes()  # what earlier tests changed
    return watcher


@pytest.fixture
def asset(server: Server) -> Asset:
    """A creative image on offer that no other test of the module touches."""
    offered = [
        a
        for batch in server.services.catalog.repository.iter_assets()
        for a in batch
        if a.asset_type == "image" and a.asset_family == "creative" and premium(a)
    ]
    return offered[next(_PICKED) % len(offered)]


def found(server: Server, phrase: str) -> list[str]:
    response = server.http.get(
        "/v3/search/images/creative",
        params={"phrase": phrase, "page_size": 100},
    )
    assert response.status_code == 200, response.text
    return [image["id"] for image in response.json()["images"]]


def _download(http: ContractClient, who: Shopper, asset_id: str) -> Any:
    return http.post(f"/v3/downloads/images/{asset_id}?auto_download=false", headers=who.headers)


def test_a_withdrawn_asset_leaves_search_and_licensing_and_stays_with_customers(
    server: Server, buyer: Shopper, partner: Partner, asset: Asset
) -> None:
    http, catalog = server.http, server.services.catalog
    assert asset.id in found(server, asset.title)  # the answer is cached now, too
    assert _download(http, buyer, asset.id).status_code == 200
    board = http.post("/v3/boards", json={"name": "Picks"}, headers=buyer.headers).json()["id"]
    added = http.put(f"/v3/boards/{board}/assets/{asset.id}", headers=buyer.headers)
    assert added.status_code == 201
    assert partner.changes() == []

    assert catalog.withdraw([asset.id, asset.id]) == [asset.id]
    assert catalog.withdraw([asset.id]) == []  # withdrawn already: nothing logged again

    assert asset.id not in found(server, asset.title)
    by_id = http.get(f"/v3/images/{asset.id}")
    assert (by_id.status_code, by_id.json()["ErrorCode"]) == (404, "ImageNotFound")
    refused = _download(http, buyer, asset.id)  # a re-download too: it is off offer
    assert refused.status_code == 404
    assert refused.json()["ErrorMessage"] == f"Image not found: {asset.id}"

    history = http.get("/v3/downloads", headers=buyer.headers).json()
    assert [d["id"] for d in history["downloads"]] == [asset.id]
    assert history["downloads"][0]["thumb_uri"]
    own = http.get(f"/v3/images/{asset.id}/downloadhistory", headers=buyer.headers)
    assert own.status_code == 200 and len(own.json()["downloads"]) == 1
    bought = http.get("/v3/purchased-assets", headers=buyer.headers).json()
    assert [p["asset_id"] for p in bought["previous_purchases"]] == [asset.id]
    kept = http.get(f"/v3/boards/{board}", headers=buyer.headers).json()["assets"]
    assert [a["id"] for a in kept] == [asset.id]
    thumb = next(s["uri"] for s in kept[0]["display_sizes"] if s["name"] == "thumb")
    assert http.get(thumb).status_code == 200  # a board still shows it

    assert partner.changes() == [(asset.id, "Delete", "Image")]
    again = [{"asset_id": asset.id}]
    another = http.put(f"/v3/boards/{board}/assets", json=again, headers=buyer.headers)
    assert another.json()["assets_not_added"] == [asset.id]  # not on offer: not added again


def test_restoring_puts_it_back_on_offer_and_partners_get_it_as_new(
    server: Server, buyer: Shopper, partner: Partner, asset: Asset
) -> None:
    catalog = server.services.catalog
    catalog.withdraw([asset.id])
    assert catalog.restore([asset.id]) == [asset.id]
    assert catalog.restore([asset.id]) == []
    assert asset.id in found(server, asset.title)
    by_id = server.http.get(f"/v3/images/{asset.id}")
    assert by_id.status_code == 200
    assert _download(server.http, buyer, asset.id).status_code == 200
    assert partner.changes() == [(asset.id, "Delete", "Image"), (asset.id, "New", "Image")]


def test_changes_while_withdrawn_wait_for_the_restore(
    server: Server, partner: Partner, asset: Asset
) -> None:
    catalog = server.services.catalog
    catalog.withdraw([asset.id])
    assert partner.changes() == [(asset.id, "Delete", "Image")]
    stored = catalog.get_kept([asset.id])[asset.id]
    # A changed file ingested again makes a record with no withdrawal: the store keeps it.
    fresh = dataclasses.replace(stored, title="Retitled while withdrawn", withdrawn_at=None)
    catalog.save_assets([fresh], "update")
    assert catalog.get_kept([asset.id])[asset.id].withdrawn
    assert catalog.get_assets([asset.id]) == {}
    assert partner.changes() == []
    catalog.restore([asset.id])
    assert partner.changes() == [(asset.id, "New", "Image"), (asset.id, "Update", "Image")]


def test_legacy_search_and_download_authorisations_refuse_it(server: Server, asset: Asset) -> None:
    services, http = server.services, server.http
    customer, password = new_customer(services)
    services.licensing.products.grant(customer.id, PREMIUM)
    made = session(http, server.demo, login=(customer.username, password))
    wanted = {"Images": [{"ImageId": asset.id}]}
    largest = "/v1/download/GetLargestImageDownloadAuthorizations"
    before = call(http, largest, wanted, made["Token"])
    images = before["GetLargestImageDownloadAuthorizationsResult"]["Images"]
    token = images[0]["Authorizations"][0]["DownloadToken"]
    services.catalog.withdraw([asset.id])
    try:
        after = call(http, largest, wanted, made["Token"])
        assert after["GetLargestImageDownloadAuthorizationsResult"]["Images"] == []
        sized = call(
            http,
            "/v1/download/GetImageDownloadAuthorizations",
            {"ImageSizes": [{"ImageId": asset.id, "SizeKey": "small"}]},
            made["Token"],
        )
        entry = sized["GetImageDownloadAuthorizationsResult"]["Images"][0]
        assert entry["Status"] == "ImageNotFound"
        redeemed = call(
            http,
            "/v1/download/CreateDownloadRequest",
            {"DownloadItems": [{"DownloadToken": token}]},
            made["SecureToken"],
        )
        [url] = redeemed["CreateDownloadRequestResult"]["DownloadUrls"]
        assert (url["Status"], url["UrlAttachment"]) == ("Unavailable", None)
        phrase = {"Query": {"SearchPhrase": asset.title}}
        listed = search_images(http, made["Token"], count=75, **phrase)
        assert asset.id not in image_ids(listed)
    finally:
        services.catalog.restore([asset.id])


def test_related_and_by_image_searches_leave_it_out(server: Server, asset: Asset) -> None:
    services, http = server.services, server.http
    others = [a.id for batch in services.catalog.repository.iter_assets() for a in batch]
    related = [i for i in others if i != asset.id and asset.id in _similar(http, i)]
    assert related
    services.catalog.withdraw([asset.id])
    try:
        assert all(asset.id not in _similar(http, other) for other in related)
        own = http.get(f"/v3/images/{asset.id}/similar")
        assert (own.status_code, own.json()["ErrorCode"]) == (404, "ImageNotFound")
        assert asset.id not in services.visual.matrix().ids
        with pytest.raises(NotFound, match=asset.id):
            services.visual.asset_signature(asset.id)
    finally:
        services.catalog.restore([asset.id])
    assert asset.id in services.visual.matrix().ids


def _similar(http: ContractClient, asset_id: str) -> list[str]:
    response = http.get(f"/v3/images/{asset_id}/similar?page_size=100")
    return [image["id"] for image in response.json().get("images", [])]


def test_an_unknown_id_changes_nothing_and_is_named(server: Server, asset: Asset) -> None:
    catalog = server.services.catalog
    with pytest.raises(NotFound, match="Asset not found: 999999998"):
        catalog.withdraw([asset.id, "999999998"])
    assert asset.id in catalog.get_assets([asset.id])


def test_an_index_rebuilt_from_the_store_leaves_withdrawn_assets_out(
    server: Server, asset: Asset
) -> None:
    services: Services = server.services
    services.catalog.withdraw([asset.id])
    try:
        services.index.rebuild()
        assert asset.id not in found(server, asset.title)
    finally:
        services.catalog.restore([asset.id])
    assert asset.id in found(server, asset.title)


def test_a_manifest_row_for_a_withdrawn_asset_updates_its_record(
    server: Server, asset: Asset, tmp_path: Path
) -> None:
    catalog = server.services.catalog
    catalog.withdraw([asset.id])
    rows = tmp_path / "rows.jsonl"
    rows.write_text(f'{{"id": "{asset.id}", "title": "Renamed while withdrawn"}}\n')
    manifest, failed = read_manifest(rows)
    assert failed == []
    FolderIngest(server.services, IngestOptions()).run([], manifest=manifest)
    kept = catalog.get_kept([asset.id])[asset.id]
    assert (kept.title, kept.caption, kept.withdrawn) == (
        "Renamed while withdrawn",
        asset.caption,
        True,
    )
    catalog.restore([asset.id])
