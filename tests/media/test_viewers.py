"""What of a caller shows: one watermark decision and product list for every skin."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from photobank.composition import Services
from photobank.media.policy import WatermarkRule
from photobank.media.viewers import NO_FAMILY, display_url
from tests.shoppers import new_customer


def _flag(url: str) -> str:
    return parse_qs(urlsplit(url).query)["wm"][0]


def test_a_customer_rule_decides_the_display_urls(services: Services) -> None:
    customer, _ = new_customer(services)
    services.watermarks.set_rule(WatermarkRule(f"customer:{customer.id}", "any", "thumb", True))
    seen = services.viewers.of(None, customer.id)
    assert seen.entitlements is not None and seen.entitlements.customer_id == customer.id
    urls = services.media_urls
    thumb = display_url(urls, "http://x", "1", "creative", "thumb", seen.watermarks)
    assert _flag(thumb) == "1"
    anonymous = services.viewers.of(None, None)
    assert anonymous.entitlements is None
    assert (
        _flag(display_url(urls, "http://x", "1", "creative", "thumb", anonymous.watermarks)) == "0"
    )


def test_an_asset_gone_from_the_catalog_gets_each_sizes_default(services: Services) -> None:
    customer, _ = new_customer(services)
    services.watermarks.set_rule(WatermarkRule(f"customer:{customer.id}", "any", "any", False))
    marks = services.viewers.of(None, customer.id).watermarks
    urls = services.media_urls
    assert _flag(display_url(urls, "http://x", "1", "editorial", "preview", marks)) == "0"
    assert _flag(display_url(urls, "http://x", "1", NO_FAMILY, "preview", marks)) == "1"
