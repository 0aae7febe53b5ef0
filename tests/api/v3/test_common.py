"""What every v3 route shares: the caller's audience and the answer's language."""

from __future__ import annotations

import itertools
import os

from photobank.api.v3.common import audience_of, negotiate_language
from photobank.auth.caller import Caller
from photobank.composition import Services
from photobank.media.policy import WatermarkRule
from tests.shoppers import new_customer

_SERIAL = itertools.count()


def test_the_audience_applies_the_clients_and_the_customers_rules(services: Services) -> None:
    client, _ = services.accounts.create_client(f"common-{os.getpid()}-{next(_SERIAL)}")
    customer, _ = new_customer(services)
    services.watermarks.set_rule(WatermarkRule(f"client:{client.api_key}", "any", "comp", False))
    anonymous = audience_of(services, Caller(client, None, None), "http://x")
    assert (anonymous.with_token, anonymous.entitlements) == (False, None)
    assert not anonymous.watermarks.watermarked("creative", "comp")
    assert anonymous.watermarks.watermarked("creative", "preview")
    scope = f"customer:{customer.id}"
    services.watermarks.set_rule(WatermarkRule(scope, "any", "comp", True))
    seen = audience_of(services, Caller(client, customer, None), "http://x")
    assert seen.watermarks.watermarked("creative", "comp")  # the customer's rule wins
    assert seen.entitlements is not None and seen.key != anonymous.key


def test_the_answers_language_is_the_best_supported_one() -> None:
    assert negotiate_language("fr-CA;q=0.5, de;q=0.9") == "de"
    assert negotiate_language("xx, en-gb") == "en-GB"
    assert negotiate_language("") == "en-US"
