"""Stored GetImageDetails answers: each caller gets its own, with its own CoordinationId,
never a stale one, and only after its token, client and limits were checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest

from photobank.api.legacy.replay import AnswerCache
from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.config import MIB
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.models import licensable_types
from photobank.licensing.products import ProductTerms
from photobank.media.policy import ANY, WatermarkPolicy, WatermarkRule, scope_of
from photobank.testing import PhotobankEmulator
from tests.api.legacy.support import PLAIN, call, session, status
from tests.shoppers import Shopper, images, premium, shopper

DETAILS = "/v1/search/GetImageDetails"
RESULT = "GetImageDetailsResult"


@pytest.fixture(scope="module")
def token(anonymous: Any, demo: DemoCredentials) -> str:
    """An application session's standard token (no customer)."""
    found: str = session(anonymous, demo, user=False)["Token"]
    return found


@pytest.fixture
def image(services: Services) -> Asset:
    return images(services, 1, premium)[0]


@pytest.fixture
def rules(services: Services) -> Iterator[WatermarkPolicy]:
    services.watermarks.clear_rules()
    yield services.watermarks
    services.watermarks.clear_rules()


def _details(http: Any, token: str, ids: list[str], **kwargs: Any) -> dict[str, Any]:
    return call(http, DETAILS, {"ImageIds": ids}, token, base=kwargs.pop("base", PLAIN), **kwargs)


def _image(document: dict[str, Any]) -> dict[str, Any]:
    assert status(document)[0] == "success", document
    (found,) = document[RESULT]["Images"]
    return dict(found)


def _bearer(buyer: Shopper) -> str:
    """The shopper's v3 access token, which legacy operations take as a standard token."""
    return buyer.headers["Authorization"].removeprefix("Bearer ")


def test_a_repeated_call_is_replayed_with_its_own_coordination_id(
    anonymous: Any, services: Services, token: str, image: Asset, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _details(anonymous, token, [image.id], coordination="first")

    def unreachable(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the catalog was read for a stored answer")

    monkeypatch.setattr(services.catalog, "get_assets", unreachable)
    second = _details(anonymous, token, [image.id], coordination="second")
    numbered = _details(anonymous, token, [image.id], coordination=7)
    anonymous_call = _details(anonymous, token, [image.id])
    assert first["ResponseHeader"]["CoordinationId"] == "first"
    assert second["ResponseHeader"]["CoordinationId"] == "second"
    assert numbered["ResponseHeader"]["CoordinationId"] == 7
    assert anonymous_call["ResponseHeader"]["CoordinationId"] is None
    assert second[RESULT] == first[RESULT] == numbered[RESULT] == anonymous_call[RESULT]
    assert _image(second)["ImageId"] == image.id


def test_members_the_operation_does_not_read_share_one_stored_answer(
    anonymous: Any, services: Services, token: str, image: Asset, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = call(anonymous, DETAILS, {"ImageIds": [image.id], "Junk": 0}, token, base=PLAIN)

    def unreachable(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the catalog was read for a stored answer")

    monkeypatch.setattr(services.catalog, "get_assets", unreachable)
    for junk in range(1, 20):  # each would have been an entry of its own, keyed by the body
        body = {"ImageIds": [image.id], "Junk": junk, "Padding": "x" * 1000}
        assert call(anonymous, DETAILS, body, token, base=PLAIN)[RESULT] == first[RESULT]


def test_missing_images_are_warned_of_on_every_reply(
    anonymous: Any, token: str, image: Asset
) -> None:
    replies = [
        _details(anonymous, token, [image.id, "0-missing"], coordination=f"c-{n}") for n in range(2)
    ]
    for n, reply in enumerate(replies):
        assert status(reply) == ("warning", ["ImageNotFound"])
        assert "0-missing" in reply["ResponseHeader"]["StatusList"][0]["Message"]
        assert reply["ResponseHeader"]["CoordinationId"] == f"c-{n}"
        assert [i["ImageId"] for i in reply[RESULT]["Images"]] == [image.id]


def test_customers_see_their_own_products_and_their_changes(
    anonymous: Any, client: Any, services: Services, demo: DemoCredentials, token: str
) -> None:
    (both,) = images(
        services, 1, lambda a: {"premiumaccess", "imagepack"} <= set(licensable_types(a))
    )
    packs = shopper(services, client, demo, ProductTerms("imagepack", download_limit=3))
    premium_buyer = shopper(services, client, demo, ProductTerms("premiumaccess"))

    def offerings(who: str) -> list[str]:
        found: list[str] = _image(_details(anonymous, who, [both.id]))["ApplicableProductOfferings"]
        return found

    for _ in range(2):  # worked out, then replayed
        assert offerings(_bearer(premium_buyer)) == ["PremiumAccess"]
        assert offerings(_bearer(packs)) == ["ImagePack"]
        assert offerings(token) == []
    services.licensing.products.set_status(premium_buyer.products[0].id, "inactive")
    assert offerings(_bearer(premium_buyer)) == []
    assert offerings(_bearer(packs)) == ["ImagePack"]


def test_watermark_decisions_are_per_customer(
    anonymous: Any,
    client: Any,
    services: Services,
    demo: DemoCredentials,
    token: str,
    rules: WatermarkPolicy,
    image: Asset,
) -> None:
    buyer = shopper(services, client, demo, ProductTerms("premiumaccess"))
    rules.set_rule(WatermarkRule(scope_of(customer_id=buyer.customer.id), ANY, "comp", False))
    for _ in range(2):
        assert "wm=0" in _image(_details(anonymous, _bearer(buyer), [image.id]))["UrlComp"]
        assert "wm=1" in _image(_details(anonymous, token, [image.id]))["UrlComp"]


def test_each_host_gets_links_to_itself(anonymous: Any, token: str, image: Asset) -> None:
    for base in ("http://photobank.test", "http://mirror.example:8443", "http://photobank.test"):
        found = _image(_details(anonymous, token, [image.id], base=base))
        assert found["UrlThumb"].startswith(f"{base}/media/display/thumb/")


def test_catalog_edits_and_deletions_show_at_once(
    anonymous: Any, services: Services, token: str, image: Asset
) -> None:
    assert _image(_details(anonymous, token, [image.id]))["Title"] == image.title
    services.catalog.save_assets([replace(image, title="Heliotrope wombat")], "update")
    try:
        assert _image(_details(anonymous, token, [image.id]))["Title"] == "Heliotrope wombat"
        services.catalog.delete_assets([image.id])
        gone = _details(anonymous, token, [image.id])
        assert status(gone) == ("warning", ["ImageNotFound"])
        assert gone[RESULT]["Images"] == []
    finally:
        services.catalog.save_assets([image], "update")
    assert _image(_details(anonymous, token, [image.id]))["Title"] == image.title


def test_dead_and_unknown_tokens_are_refused_after_the_body_was_answered(
    anonymous: Any, demo: DemoCredentials, clock: ManualClock, image: Asset
) -> None:
    started = clock.now()
    short_lived = session(anonymous, demo, user=False)["Token"]
    try:
        assert _image(_details(anonymous, short_lived, [image.id]))["ImageId"] == image.id
        clock.advance(timedelta(minutes=31))
        expired = _details(anonymous, short_lived, [image.id], coordination="late")
        assert status(expired) == ("error", ["AUTH-012"])
        assert expired[RESULT] is None
        assert expired["ResponseHeader"]["CoordinationId"] == "late"
    finally:
        clock.set(started)
    assert status(_details(anonymous, "forged", [image.id])) == ("error", ["AUTH-012"])


def test_a_disabled_client_is_refused_after_the_body_was_answered(
    anonymous: Any, services: Services, image: Asset
) -> None:
    api_client, _secret = services.accounts.create_client("replay-off", qps_limit=0, daily_limit=0)
    standard, _secure, _expires = services.tokens.issue_session(api_client.id, None, 1800)
    assert _image(_details(anonymous, standard, [image.id]))["ImageId"] == image.id
    services.accounts.set_client_enabled(api_client.api_key, False)
    assert status(_details(anonymous, standard, [image.id])) == ("error", ["AUTH-012"])


def test_throttling_applies_to_replayed_answers(
    anonymous: Any, services: Services, clock: ManualClock, image: Asset
) -> None:
    api_client, _secret = services.accounts.create_client("replay-qps", qps_limit=2, daily_limit=0)
    standard, _secure, _expires = services.tokens.issue_session(api_client.id, None, 1800)
    clock.advance(timedelta(seconds=1))
    answers = [status(_details(anonymous, standard, [image.id])) for _ in range(3)]
    assert answers == [("success", []), ("success", []), ("error", ["Throttled"])]
    clock.advance(timedelta(seconds=1))
    assert status(_details(anonymous, standard, [image.id])) == ("success", [])


def test_emulator_fixtures_and_resets_show_at_once(photobank: PhotobankEmulator) -> None:
    def details() -> dict[str, Any]:
        """A new session (a reset forgets the last one), then the details of one id."""
        credentials = {"SystemId": photobank.api_key, "SystemPassword": photobank.api_secret}
        created = httpx.post(
            f"{photobank.base_url}/v1/session/CreateSession",
            json={"RequestHeader": {}, "CreateSessionRequestBody": credentials},
        ).json()
        envelope = {
            "RequestHeader": {"Token": created["CreateSessionResult"]["Token"]},
            "GetImageDetailsRequestBody": {"ImageIds": ["467073457"]},
        }
        found: dict[str, Any] = httpx.post(f"{photobank.base_url}{DETAILS}", json=envelope).json()
        return found

    assert status(details()) == ("warning", ["ImageNotFound"])
    photobank.fixtures.load([{"id": "467073457", "title": "Lake at dawn"}])
    assert _image(details())["Title"] == "Lake at dawn"
    photobank.fixtures.load([{"id": "467073457", "title": "Lake at dusk"}])
    assert _image(details())["Title"] == "Lake at dusk"
    photobank.reset()
    assert status(details()) == ("warning", ["ImageNotFound"])


def test_an_answer_worked_out_across_a_catalog_change_is_not_stored() -> None:
    answers = AnswerCache(MIB)
    before = answers.generation
    answers.clear()  # the catalog changed while the answer below was being worked out
    answers.put((DETAILS,), (b"stale", 0), before)
    assert answers.get((DETAILS,)) is None
    answers.put((DETAILS,), (b"fresh", 0), answers.generation)
    assert answers.get((DETAILS,)) == (b"fresh", 0)
