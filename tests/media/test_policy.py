"""Watermark rules: defaults, the most specific rule wins, changes are seen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from photobank.clock import ManualClock
from photobank.errors import InvalidParameter
from photobank.media.policy import (
    ANY,
    DEFAULT_WATERMARKS,
    WatermarkPolicy,
    WatermarkRule,
    scope_of,
)
from tests.deployment import migrated_engine

CLIENT = "clientkey0000000000000001"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = migrated_engine(tmp_path)
    yield engine
    engine.dispose()  # PostgreSQL's connections closed, not left to the collector


@pytest.fixture
def policy(engine: Engine) -> WatermarkPolicy:
    return WatermarkPolicy(engine, ManualClock())


def _table(policy: WatermarkPolicy, key: str | None, customer: int | None) -> dict[str, bool]:
    marks = policy.for_caller(key, customer)
    return {
        f"{family}/{size}": marks.watermarked(family, size)
        for family in ("creative", "editorial")
        for size in ("thumb", "preview", "comp", "high_res_comp")
    }


def test_without_rules_only_thumbs_are_clean(policy: WatermarkPolicy) -> None:
    marks = policy.for_caller(CLIENT, None)
    assert marks == DEFAULT_WATERMARKS
    for family in ("creative", "editorial"):
        assert not marks.watermarked(family, "thumb")
        assert all(marks.watermarked(family, s) for s in ("preview", "comp", "high_res_comp"))
    assert marks.watermarked("video", "comp") and not marks.watermarked("video", "thumb")


def test_the_most_specific_rule_wins(policy: WatermarkPolicy) -> None:
    policy.set_rule(WatermarkRule("global", "creative", "preview", False))
    policy.set_rule(WatermarkRule(scope_of(client_key=CLIENT), ANY, ANY, True))
    policy.set_rule(WatermarkRule(scope_of(customer_id=7), "editorial", ANY, False))
    policy.set_rule(WatermarkRule(scope_of(customer_id=7), ANY, "comp", True))
    anyone = _table(policy, "otherclient", None)
    assert anyone["creative/preview"] is False and anyone["editorial/preview"] is True
    client = _table(policy, CLIENT, None)
    assert all(client.values())  # the client's rule covers thumbs too, over the global one
    customer = _table(policy, CLIENT, 7)
    assert customer["editorial/thumb"] is False and customer["editorial/preview"] is False
    assert customer["editorial/comp"] is True  # a named size beats a named family
    assert customer["creative/thumb"] is True  # the client's rule still applies
    assert _table(policy, "otherclient", 7)["creative/preview"] is False


def test_set_replaces_and_clear_removes(policy: WatermarkPolicy) -> None:
    policy.set_rule(WatermarkRule("global", ANY, "thumb", True))
    policy.set_rule(WatermarkRule("global", ANY, "thumb", False))
    assert policy.rules() == [WatermarkRule("global", ANY, "thumb", False)]
    assert policy.clear_rules("global", ANY, "preview") == 0
    assert policy.clear_rules("global", ANY, "thumb") == 1
    policy.set_rule(WatermarkRule("global", ANY, ANY, False))
    policy.set_rule(WatermarkRule(scope_of(customer_id=3), ANY, ANY, True))
    assert [r.scope for r in policy.rules()] == ["customer:3", "global"]
    assert policy.clear_rules() == 2 and policy.rules() == []


def test_changes_by_another_process_are_seen_after_the_cache_time(engine: Engine) -> None:
    server = WatermarkPolicy(engine, ManualClock(), cache_seconds=0.0)
    cli = WatermarkPolicy(engine, ManualClock())
    assert server.for_caller(CLIENT, None).watermarked("creative", "comp")
    cli.set_rule(WatermarkRule("global", ANY, "comp", False))
    assert not server.for_caller(CLIENT, None).watermarked("creative", "comp")


@pytest.mark.parametrize(
    "rule",
    [
        WatermarkRule("everyone", ANY, ANY, True),
        WatermarkRule("global:x", ANY, ANY, True),
        WatermarkRule("client:", ANY, ANY, True),
        WatermarkRule("customer:bob", ANY, ANY, True),
        WatermarkRule("global", "video", ANY, True),
        WatermarkRule("global", ANY, "original", True),
    ],
)
def test_bad_rules_are_refused(policy: WatermarkPolicy, rule: WatermarkRule) -> None:
    with pytest.raises(InvalidParameter):
        policy.set_rule(rule)
    assert policy.rules() == []


def test_a_rule_names_a_client_or_a_customer() -> None:
    assert scope_of() == "global"
    with pytest.raises(InvalidParameter):
        scope_of(client_key=CLIENT, customer_id=1)
