"""No value of a wrong type, anywhere in a body, makes an operation fail as the server's fault."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.api.legacy.routes import OPERATIONS
from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import session

WRONG = (3, "x", [3], {}, True, 2.5, [{}], {"Ids": 3})
SAMPLE = {
    "Query": {"SearchPhrase": "", "DateCreatedRange": {"StartDate": "/Date(0)/"}},
    "Filter": {"Collections": {"Ids": ["1"], "Mode": "include"}, "Refinements": []},
    "ResultOptions": {"ItemCount": 5, "ItemStartNumber": 1},
    "ImageIds": ["1"],
    "EventIds": [1],
    "ImageSizes": [{"ImageId": "1", "SizeKey": "small"}],
    "Images": [{"ImageId": "1"}],
    "DownloadItems": [{"DownloadToken": "x"}],
    "LightboxId": "x",
    "LightboxName": "x",
    "AssetIds": ["1"],
    "LightboxItemsViewOptions": {"ItemCount": 1},
    "ResultsViewOptions": {"ItemCount": 1},
    "SystemId": "x",
    "SystemPassword": "x",
}


def _variants() -> list[dict[str, Any]]:
    found = []
    for name, value in SAMPLE.items():
        for wrong in WRONG:
            found.append({**SAMPLE, name: wrong})
        if isinstance(value, dict):
            for inner in value:
                for wrong in WRONG:
                    found.append({**SAMPLE, name: {**value, inner: wrong}})
    return found


@pytest.mark.parametrize("path", sorted(OPERATIONS))
def test_wrong_types_are_the_clients_fault(
    anonymous: Any, demo: DemoCredentials, path: str
) -> None:
    token = session(anonymous, demo)["SecureToken"]
    keys = OPERATIONS[path].body_keys
    for body in _variants():
        document: dict[str, Any] = {"RequestHeader": {"Token": token}}
        if keys:
            document[keys[0]] = body
        response = anonymous.post(f"https://photobank.test{path}", json=document)
        assert response.status_code == 200
        header = response.json()["ResponseHeader"]
        codes = [entry["Code"] for entry in header["StatusList"]]
        assert "InternalError" not in codes, (path, body, header)


def test_the_emulator_journal_masks_legacy_secrets() -> None:
    from photobank.emulator.redact import MASK, body

    raw = (
        b'{"RequestHeader": {"Token": "t1"}, "CreateSessionRequestBody": {"SystemPassword": "s",'
        b' "UserPassword": "u"}, "CreateSessionResult": {"SecureToken": "t2"},'
        b' "DownloadItems": [{"DownloadToken": "d"}]}'
    )
    masked = body(raw, "application/json")
    for secret in ('"t1"', '"s"', '"u"', '"t2"', '"d"'):
        assert secret not in masked
    assert masked.count(MASK) == 5
