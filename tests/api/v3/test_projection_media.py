"""Media in v3 documents: watermark rules decide display URIs; blurhash and colour."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import blurhash
import numpy as np
import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.media.policy import ANY, WatermarkPolicy, WatermarkRule, scope_of
from tests.api.media.support import jpeg, path_of
from tests.conftest import ContractClient

SEARCH = "/v3/search/images"
DISPLAY = {"phrase": "portrait", "fields": "id,asset_family,display_set", "page_size": 40}


@pytest.fixture
def rules(services: Services) -> Iterator[WatermarkPolicy]:
    services.watermarks.clear_rules()
    yield services.watermarks
    services.watermarks.clear_rules()


def _marks(client: ContractClient, token: str | None = None) -> dict[tuple[str, str], set[bool]]:
    """Watermark flags seen per (family, size), checking each URI carries its flag."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    seen: dict[tuple[str, str], set[bool]] = {}
    for image in client.get(SEARCH, params=DISPLAY, headers=headers).json()["images"]:
        for display in image["display_sizes"]:
            flag = display["is_watermarked"]
            assert f"wm={int(flag)}&" in display["uri"]
            seen.setdefault((image["asset_family"], display["name"]), set()).add(flag)
    return seen


def test_defaults_mark_everything_but_thumbs(
    client: ContractClient, rules: WatermarkPolicy
) -> None:
    seen = _marks(client)
    assert {family for family, _ in seen} == {"creative", "editorial"}
    for (_, size), flags in seen.items():
        assert flags == {size != "thumb"}


def test_rules_change_what_search_returns(
    client: ContractClient,
    anonymous: ContractClient,
    services: Services,
    demo: DemoCredentials,
    user_token: str,
    rules: WatermarkPolicy,
) -> None:
    before = _marks(client)  # also fills the projection cache
    rules.set_rule(WatermarkRule("global", "creative", "preview", False))
    seen = _marks(client)
    assert seen[("creative", "preview")] == {False}
    assert seen[("editorial", "preview")] == {True} and seen == before | seen

    rules.set_rule(WatermarkRule(scope_of(client_key=demo.api_key), ANY, ANY, True))
    assert all(flags == {True} for flags in _marks(client).values())

    customer = next(c for c in services.accounts.list_customers() if c.username == demo.username)
    rules.set_rule(WatermarkRule(scope_of(customer_id=customer.id), "editorial", "comp", False))
    with_user = _marks(client, user_token)
    assert with_user[("editorial", "comp")] == {False}
    assert with_user[("creative", "comp")] == {True}
    assert _marks(client)[("editorial", "comp")] == {True}  # without the customer's token

    # The URIs search hands out serve what they promise.
    image = client.get(SEARCH, params=DISPLAY, headers={"Authorization": f"Bearer {user_token}"})
    found = next(i for i in image.json()["images"] if i["asset_family"] == "editorial")
    comp = next(d for d in found["display_sizes"] if d["name"] == "comp")
    assert jpeg(anonymous.get(path_of(comp["uri"])).content).mode == "RGB"


EXTRAS = {"fields": "id,max_dimensions,blurhash,dominant_color"}
_BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


def _check_extras(image: dict[str, Any]) -> None:
    colour = image["dominant_color"]
    assert len(colour) == 7 and colour.startswith("#") and int(colour[1:], 16) >= 0
    text = image["blurhash"]
    assert blurhash.is_valid_blurhash(text)
    size_flag = _BASE83.index(text[0])  # components across and down, from the hash
    x_count, y_count = size_flag % 9 + 1, size_flag // 9 + 1
    width, height = image["max_dimensions"]["width"], image["max_dimensions"]["height"]
    assert (x_count >= y_count) == (width >= height)
    assert (y_count >= x_count) == (height >= width)
    if max(width, height) >= 1.4 * min(width, height):
        assert x_count != y_count
    small = np.asarray(blurhash.decode(text, width * 40 // max(width, height), 40), float)
    dominant = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    # The dominant colour covers most of the picture: the blur shows it somewhere.
    assert np.linalg.norm(small - dominant, axis=2).min() < 60


@pytest.mark.parametrize(
    "path", ["/v3/search/images", "/v3/search/images/creative", "/v3/search/images/editorial"]
)
def test_blurhash_and_colour_come_when_asked_for_in_search(
    client: ContractClient, path: str
) -> None:
    images = client.get(path, params={"page_size": 50, **EXTRAS}).json()["images"]
    assert images
    for image in images:
        _check_extras(image)


def test_blurhash_and_colour_on_image_metadata(client: ContractClient, services: Services) -> None:
    ids = [a.id for a in next(services.catalog.repository.iter_assets(batch_size=5))]
    for response in (
        client.get(f"/v3/images/{ids[0]}", params=EXTRAS),
        client.get("/v3/images", params={"ids": ",".join(ids), **EXTRAS}),
    ):
        assert response.status_code == 200, response.text
        for image in response.json()["images"]:
            _check_extras(image)


def test_extension_fields_are_never_sent_unasked(client: ContractClient) -> None:
    for fields in ("summary_set", "detail_set,display_set", "id,title"):
        images = client.get(SEARCH, params={"phrase": "sport", "fields": fields}).json()["images"]
        assert not any({"blurhash", "dominant_color"} & set(image) for image in images)
    bad = client.get(SEARCH, params={"fields": "id,blurhashes"})
    assert bad.status_code == 400 and "fields" in bad.json()["ErrorMessage"]
