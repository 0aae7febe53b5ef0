"""``GET /licence/{id}``: the rights statement every licensed file links to."""

from __future__ import annotations

from photobank.api.media.rights import rights_page
from photobank.catalog.model import AllowedUse
from photobank.composition import Services
from tests.api.media.support import small_assets
from tests.conftest import ContractClient
from tests.search.conftest import make_asset


def test_the_page_states_ownership_and_use_without_an_api_key(
    anonymous: ContractClient, services: Services
) -> None:
    (asset,) = small_assets(services, "creative", 1)
    page = anonymous.get(f"/licence/{asset.id}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-content-type-options"] == "nosniff"
    for shown in (asset.id, asset.artist, asset.copyright, "Royalty-free"):
        assert shown in page.text


def test_an_unknown_image_is_a_getty_404(anonymous: ContractClient) -> None:
    missing = anonymous.get("/licence/999999999")
    assert missing.status_code == 404
    assert missing.json()["ErrorCode"] == "ImageNotFound"


def test_catalog_text_is_escaped_and_empty_rows_left_out() -> None:
    asset = make_asset(
        "12345",
        '<script>alert("x")</script>',
        artist="Ada & Co",
        copyright="",
        license_model="rightsmanaged",
        allowed_use=AllowedUse("Editorial use only", "", ("No <b>ads</b>", "No merchandise")),
    )
    page = rights_page(asset)
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert "<td>Ada &amp; Co</td>" in page and "Rights-managed" in page
    assert "<td>No &lt;b&gt;ads&lt;/b&gt;; No merchandise</td>" in page
    assert "Copyright" not in page and "Releases" not in page


def test_an_untitled_image_is_named_by_its_id() -> None:
    assert "<title>Image 12345: rights</title>" in rights_page(make_asset("12345", ""))
