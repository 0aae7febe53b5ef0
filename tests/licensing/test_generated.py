"""Which AI Generation product a generation uses."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from photobank.errors import InvalidParameter, NotEntitled
from photobank.licensing.generated import ai_product
from photobank.licensing.models import Product

_NOW = datetime(2026, 6, 10, tzinfo=UTC)
_AI = Product(
    id=1, customer_id=1, type="aigeneration", name="", agreement_name="", application_website=None,
    status="active", download_limit=None, limit_duration=None, period=0, downloads_used=0,
    overage_limit=0, credits_remaining=None, team_credits=None, imagepack_resolution=None,
    note_required=False, project_code_required=False, project_codes=(), expires_at=None,
    created_at=_NOW,
)  # fmt: skip
_PREMIUM = dataclasses.replace(_AI, id=2, type="premiumaccess")


def test_the_only_ai_product_is_used_unless_one_is_named() -> None:
    assert ai_product([_PREMIUM, _AI], None, _NOW) == _AI
    second = dataclasses.replace(_AI, id=3)
    assert ai_product([_AI, second], 3, _NOW) == second
    with pytest.raises(InvalidParameter) as several:
        ai_product([_AI, second], None, _NOW)
    assert several.value.parameter == "product_id"


def test_no_active_ai_product_is_not_entitled() -> None:
    with pytest.raises(NotEntitled):
        ai_product([_PREMIUM], None, _NOW)
    with pytest.raises(NotEntitled):
        ai_product([_PREMIUM], 2, _NOW)  # a product, but not an AI one
    with pytest.raises(NotEntitled):
        ai_product([dataclasses.replace(_AI, status="inactive")], None, _NOW)
    with pytest.raises(InvalidParameter):
        ai_product([_AI], 99, _NOW)  # not the customer's
