"""Drift between a recorded answer and a live one, as the report names it."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from photobank.upstream.diff import DiffReport, _compare
from photobank.upstream.forward import Answer, Incoming
from photobank.upstream.recording import Exchange

_JSON = [(b"content-type", b"application/json")]


def _recorded(body: object, status: int = 200) -> Exchange:
    answer = Answer(status, _JSON, orjson.dumps(body))
    return Exchange.of(Incoming("GET", "/v3/images/1", []), answer, datetime.now(UTC))


def test_new_and_removed_fields_changed_enum_values_and_status_are_named() -> None:
    before = {"images": [{"id": "1", "asset_family": "creative", "caption": "A lake"}]}
    after = {"images": [{"id": "1", "asset_family": "Creative", "keywords": ["lake"]}]}
    drift = _compare(_recorded(before), 404, orjson.dumps(after))
    assert drift.status == (200, 404)
    assert drift.new == ["images[].keywords"]
    assert drift.removed == ["images[].caption"]
    assert list(drift.lines()) == [
        "GET /v3/images/1",
        "  status: 200 -> 404",
        "  new fields: images[].keywords",
        "  removed fields: images[].caption",
    ]  # "Creative" is not enum-like: a value photobank never compared


def test_free_text_changes_are_not_drift_and_word_lists_are_compared() -> None:
    before = {"images": [{"title": "A lake", "product_types": ["easyaccess"]}]}
    after = {"images": [{"title": "Another lake", "product_types": ["easyaccess", "imagepack"]}]}
    drift = _compare(_recorded(before), 200, orjson.dumps(after))
    assert drift.values == {"images[].product_types": (["easyaccess"], ["easyaccess", "imagepack"])}
    same = _compare(_recorded(before), 200, orjson.dumps(before))
    assert not same
    report = DiffReport(drifts=[drift], same=1, skipped=["POST /oauth2/token: masked"])
    assert report.text().endswith("2 requests replayed: 1 drifted, 1 unchanged, 1 skipped.")
