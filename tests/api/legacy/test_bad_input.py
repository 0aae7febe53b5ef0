"""A corpus of bad legacy calls: each is answered in an error envelope naming the
client's mistake (HTTP 200, ``Status: "error"``), never the server's ``InternalError``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from photobank.demo.credentials import DemoCredentials
from tests.api.legacy.support import SECURE, session

HUGE = "9" * 5000
THOUSANDS = [str(100_000 + i) for i in range(3000)]
SEARCH = "/v1/search/SearchForImages"
PAGE = {"ItemCount": 5, "ItemStartNumber": 1}

# (operation path, body under the operation's first body key; bytes: the whole request)
CASES: list[tuple[str, Any]] = [
    ("/v1/session/CreateSession", {"SystemId": "\x00", "SystemPassword": HUGE}),
    ("/v1/session/CreateSession", {"SystemId": ["x"], "SystemPassword": {}}),
    ("/v1/session/CreateSession", {"SystemId": "\u00e9\u2603", "SystemPassword": "x"}),
    ("/v1/session/CreateApplicationSession", {"SystemId": 5, "SystemPassword": None}),
    ("/v1/session/RenewSession", {}),
    (SEARCH, {"Query": {"EventId": -1}, "ResultOptions": PAGE}),
    (SEARCH, {"Query": {"EventId": 2**63}, "ResultOptions": PAGE}),
    (SEARCH, {"Query": {"KeywordIds": ["-1"]}, "ResultOptions": PAGE}),
    (SEARCH, {"Query": {"KeywordIds": ["\u00b2"]}, "ResultOptions": PAGE}),
    (SEARCH, {"Query": {"KeywordIds": [2**64 - 1]}, "ResultOptions": PAGE}),
    (SEARCH, {"Query": {"SearchPhrase": 5}, "ResultOptions": PAGE}),
    (SEARCH, {"ResultOptions": {"ItemCount": HUGE, "ItemStartNumber": 1}}),
    (SEARCH, {"ResultOptions": {"ItemCount": 5, "ItemStartNumber": 2**63}}),
    (SEARCH, {"ResultOptions": {"ItemCount": "\u0661", "ItemStartNumber": 1}}),
    (SEARCH, {"Query": {"DateCreatedRange": {"StartDate": "/Date(99999999999999999)/"}}}),
    (SEARCH, {"Query": {"DateCreatedRange": {"EndDate": "0001-01-01T00:00:00+01:00"}}}),
    (SEARCH, {"Filter": {"Refinements": [{"Category": "Event", "Id": "-1"}]}}),
    (SEARCH, {"Filter": {"Refinements": [{"Category": "Event", "Id": HUGE}]}}),
    (SEARCH, {"Filter": {"Orientations": ["\u2603"]}}),
    (SEARCH, {"Filter": {"Collections": {"Ids": [], "Mode": "include"}}}),
    ("/v1/search/SearchForVideos", {"Query": {"KeywordIds": ["-5"]}}),
    ("/v1/search/SearchForVideos", {"Query": {"AssetIds": THOUSANDS}}),
    ("/v1/search/SearchForVideos", {"ResultOptions": {"ItemCount": -1}}),
    ("/v1/search/GetEventDetails", {"EventIds": []}),
    ("/v1/search/GetEventDetails", {"EventIds": [{"Id": 1}]}),
    ("/v1/search/GetImageDetails", {"ImageIds": "x"}),
    ("/v1/search/GetImageDetails", {"ImageIds": [None]}),
    ("/v1/download/GetImageDownloadAuthorizations", {"ImageSizes": [{"ImageId": 5}]}),
    ("/v1/download/GetImageDownloadAuthorizations", {"ImageSizes": "all"}),
    ("/v1/download/GetLargestImageDownloadAuthorizations", {"Images": [[]]}),
    ("/v1/download/CreateDownloadRequest", {"DownloadItems": {"DownloadToken": "x"}}),
    ("/v1/download/GetPreviousDownloads", {"ItemCount": -1, "ItemStartNumber": 1}),
    ("/v1/download/GetPreviousDownloads", {"ItemCount": HUGE, "ItemStartNumber": 1}),
    (
        "/v1/download/GetPreviousDownloads",
        {
            "ItemCount": 5,
            "ItemStartNumber": 1,
            "Filter": {
                "DateRange": {"StartDate": "/Date(-99999999999999999)/", "EndDate": "/Date(0)/"}
            },
        },
    ),
    ("/v1/lightbox/CreateLightbox", {"LightboxName": ["x"]}),
    ("/v1/lightbox/CreateLightbox", {}),
    ("/v1/lightbox/GetLightbox", {"LightboxId": None}),
    ("/v1/lightbox/GetLightbox", {"LightboxId": "\x00", "LightboxItemsViewOptions": {}}),
    ("/v1/lightbox/GetLightbox", {"LightboxId": "x", "LightboxItemsViewOptions": {"ItemCount": 0}}),
    ("/v1/lightbox/GetLightboxHeaders", {"ResultsViewOptions": {"ItemCount": 2**40}}),
    ("/v1/lightbox/GetLightboxHeaders", {"ResultsViewOptions": {"ItemStartNumber": -3}}),
    ("/v1/lightbox/CreateLightboxItems", {"LightboxId": HUGE, "AssetIds": THOUSANDS}),
    ("/v1/lightbox/CreateLightboxItems", {"LightboxId": "x", "AssetIds": []}),
    ("/v1/lightbox/DeleteLightboxItems", {"LightboxId": [], "AssetIds": ["1"]}),
    ("/v1/lightbox/DeleteLightbox", {"LightboxId": "../.."}),
    ("/v1/lightbox/UpdateLightboxHeader", {"LightboxId": "x", "LightboxName": None}),
    (SEARCH, b"not json"),
    (SEARCH, b"[" * 5000 + b"]" * 5000),
    (SEARCH, b'{"RequestHeader": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3001),
    (SEARCH, b'{"RequestHeader": {"Token": "x"}, "SearchForImages2RequestBody": [' + b"[" * 3000),
    (SEARCH, b'{"RequestHeader": []}'),
    (SEARCH, b"\xff\xfe"),
    ("/v1/nowhere/Nothing", {}),
]


@pytest.fixture(scope="module")
def secure_token(anonymous: Any, demo: DemoCredentials) -> str:
    token: str = session(anonymous, demo)["SecureToken"]
    return token


@pytest.mark.parametrize(("path", "body"), CASES)
def test_bad_calls_are_error_envelopes(
    anonymous: Any, secure_token: str, path: str, body: Any
) -> None:
    if isinstance(body, bytes):
        raw = body
    else:
        operation = path.rsplit("/", 1)[-1]
        document = {"RequestHeader": {"Token": secure_token}, f"{operation}RequestBody": body}
        raw = json.dumps(document).encode()
    response = anonymous.post(f"{SECURE}{path}", content=raw)
    assert response.status_code == 200
    header = response.json()["ResponseHeader"]
    codes = [entry["Code"] for entry in header["StatusList"]]
    assert header["Status"] == "error" and codes and "InternalError" not in codes, header
