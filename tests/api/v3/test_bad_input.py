"""A corpus of bad input for every v3 route family: each is a Getty-style 4xx.

Oversized and malformed values, wrong types, Unicode and control characters,
huge id lists, deep JSON: none may reach an engine or a store as a 500. The
client fixture validates any 2xx against the contract; errors must carry the
``ErrorCode``/``ErrorMessage`` pair (or the gateway's ``message``)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photobank.api.v3.contract import spec
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.conftest import ContractClient
from tests.contract import assert_getty_error
from tests.properties import TRICKY_TEXT, bounded
from tests.shoppers import Shopper, shopper

THOUSANDS = ",".join(str(100_000 + i) for i in range(3000))
HUGE = "9" * 5000
DEEP = b"[" * 5000 + b"]" * 5000
DEEP_OBJECT = b'{"name":' * 3000 + b"1" + b"}" * 3000
SEARCHES = (
    "/v3/search/images",
    "/v3/search/images/creative",
    "/v3/search/images/editorial",
    "/v3/search/videos/creative",
    "/v3/search/videos/editorial",
)

# (method, url, body): {image} and {video} name assets of the catalog; a dict or
# list body is sent as JSON, bytes as they are.
CASES: list[tuple[str, str, Any]] = [
    *(
        ("GET", f"{path}?{query}", None)
        for path in SEARCHES
        for query in (
            "keyword_ids=-1",
            f"keyword_ids={2**63}",
            "keyword_ids=1,,2",
            f"keyword_ids={THOUSANDS}",
            "keyword_ids=%C2%B2",
            "page=NaN",
            "page_size=inf",
            "page=1e3",
            f"phrase={HUGE}",
            "phrase=cat%00dog",
            "phrase=%1B%5B31m",
            "orientations=%E2%98%83",
            "fields=..%2F..%2Fetc%2Fpasswd",
        )
    ),
    ("GET", "/v3/search/images?event_ids=-1", None),
    ("GET", "/v3/search/images/creative?exclude_keyword_ids=-1", None),
    ("GET", "/v3/search/images/editorial?event_ids=-5", None),
    ("GET", "/v3/search/images/editorial?date_from=0001-01-01", None),
    ("GET", "/v3/search/images/editorial?date_to=9999-12-31T23:59:59", None),
    ("GET", f"/v3/search/images/editorial?date_to={HUGE}", None),
    ("GET", "/v3/search/videos/editorial?date_from=0001-01-01T00:00:00%2B01:00", None),
    ("GET", "/v3/search/videos/creative?min_clip_length=-1", None),
    ("GET", "/v3/search/images/creative?color=%23zzzzzz", None),
    ("GET", "/v3/search/images/creative?download_product=easyaccess:%C2%B2", None),
    ("GET", "/v3/search/images/creative/by-image?asset_id=%00", None),
    ("GET", "/v3/search/images/creative/by-image?image_url=..%2F..%2Fx", None),
    # by id
    ("GET", f"/v3/images?ids={THOUSANDS}", None),
    ("GET", "/v3/images?ids=1,,2", None),
    ("GET", "/v3/images?ids=,", None),
    ("GET", "/v3/images?ids=", None),
    ("GET", "/v3/images/1,,2", None),
    ("GET", "/v3/images/%00", None),
    ("GET", f"/v3/images/{HUGE}", None),
    ("GET", "/v3/images/%2e%2e", None),
    ("GET", "/v3/images/..%2F..%2Fetc%2Fpasswd", None),
    ("GET", "/v3/images/{image}?fields=%E2%98%83", None),
    ("GET", "/v3/images/{image}/similar?page=-1", None),
    ("GET", "/v3/images/{image}/same-series?page_size=%C2%B2", None),
    # videos
    ("GET", f"/v3/videos?ids={THOUSANDS}", None),
    ("GET", "/v3/videos?ids=1,,2", None),
    ("GET", "/v3/videos/%C3%A9%00", None),
    ("GET", "/v3/videos/{video}?fields=\u00e9", None),
    ("GET", "/v3/videos/{video}/similar?page_size=0", None),
    # events
    ("GET", "/v3/events?ids=-1", None),
    ("GET", "/v3/events?ids=1,,2", None),
    ("GET", f"/v3/events?ids={THOUSANDS}", None),
    ("GET", "/v3/events/-1", None),
    ("GET", "/v3/events/2147483648", None),
    ("GET", "/v3/events/%C2%B2", None),
    ("GET", f"/v3/events/{HUGE}", None),
    ("GET", "/v3/search/events?page=51", None),
    ("GET", "/v3/search/events?date_from=0001-01-01", None),
    ("GET", "/v3/search/events?editorial_segment=%00", None),
    # downloads
    ("POST", "/v3/downloads/images/{image}?product_id=-1", None),
    ("POST", "/v3/downloads/images/{image}?product_id=%C2%B2", None),
    ("POST", "/v3/downloads/images/{image}?auto_download=maybe", None),
    ("POST", "/v3/downloads/images/{image}?height=%00", None),
    ("POST", "/v3/downloads/images/{image}", {"download_notes": 5}),
    ("POST", "/v3/downloads/images/{image}", {"project_code": ["x"], "nested": {"a": 1}}),
    ("POST", "/v3/downloads/images/{image}", DEEP),
    ("POST", "/v3/downloads/images/{image}", b'{"download_notes": "\\ud800"}'),
    ("POST", "/v3/downloads/videos/{video}?size=%1B", None),
    ("POST", "/v3/downloads/videos/{video}", [1, 2]),
    ("GET", "/v3/downloads?date_from=0001-01-01", None),
    ("GET", "/v3/downloads?company_downloads=yes", None),
    ("GET", "/v3/downloads?page=0", None),
    ("GET", "/v3/images/{image}/downloadhistory?company_downloads=2", None),
    ("GET", "/v3/videos/{video}/downloadhistory?company_downloads=%00", None),
    # boards
    ("GET", "/v3/boards?pageSize=0", None),
    ("GET", "/v3/boards?board_relationship=%E2%98%83", None),
    ("GET", "/v3/boards?page=-1", None),
    ("POST", "/v3/boards", {"name": 5}),
    ("POST", "/v3/boards", {"name": "x", "extra": 1}),
    ("POST", "/v3/boards", []),
    ("POST", "/v3/boards", b"{"),
    ("POST", "/v3/boards", DEEP_OBJECT),
    ("POST", "/v3/boards", b'{"name": NaN}'),
    ("POST", "/v3/boards", b'{"name": 1e999}'),
    ("POST", "/v3/boards", b'{"name": 123456789012345678901234567890}'),
    ("PUT", "/v3/boards/b1", {"name": None}),
    ("PUT", "/v3/boards/b1/assets", []),
    ("PUT", "/v3/boards/b1/assets", [{"asset_id": 5}]),
    ("PUT", "/v3/boards/b1/assets", [{"asset_id": str(i)} for i in range(3000)]),
    ("PUT", "/v3/boards/b1/assets", DEEP),
    ("DELETE", "/v3/boards/b1/assets?asset_ids=1,,2", None),
    ("DELETE", f"/v3/boards/b1/assets?asset_ids={THOUSANDS}", None),
    ("DELETE", "/v3/boards/b1/comments/%C2%B2", None),
    ("DELETE", f"/v3/boards/b1/comments/{HUGE}", None),
    ("POST", "/v3/boards/b1/comments", {"text": 5}),
    ("GET", f"/v3/boards/{HUGE}", None),
    # asset changes and send events
    ("PUT", "/v3/asset-changes/change-sets?channel_id=-1", None),
    ("PUT", "/v3/asset-changes/change-sets?channel_id=%C2%B2", None),
    ("PUT", f"/v3/asset-changes/change-sets?channel_id=1&batch_size={HUGE}", None),
    ("DELETE", f"/v3/asset-changes/change-sets/{2**63}", None),
    ("DELETE", "/v3/asset-changes/change-sets/-1", None),
    ("DELETE", "/v3/asset-changes/change-sets/%C2%B2", None),
    ("DELETE", f"/v3/asset-changes/change-sets/{HUGE}", None),
    ("GET", "/v3/asset-management/assets/send-events?event_count=-1", None),
    ("GET", "/v3/asset-management/assets/send-events?last_offset=0001-01-01", None),
    # purchases, orders, usage, extended licences
    ("GET", f"/v3/purchased-assets?page=-{HUGE}", None),
    ("GET", f"/v3/purchased-assets?page={HUGE}", None),
    ("GET", "/v3/purchased-assets?date_to=%00", None),
    ("GET", "/v3/orders/-1", None),
    ("GET", "/v3/orders/%C2%B2", None),
    ("PUT", "/v3/usage-batches/b1", {"asset_usages": "all"}),
    ("PUT", "/v3/usage-batches/b1", {"asset_usages": [{"asset_id": "1", "quantity": 1}]}),
    (
        "PUT",
        "/v3/usage-batches/b1",
        {"asset_usages": [{"asset_id": "{image}", "quantity": 1, "usage_date": "0001-01-01"}]},
    ),
    ("POST", "/v3/asset-licensing/{image}", {"extended_licenses": [1]}),
    ("POST", "/v3/asset-licensing/{image}", {"extended_licenses": [], "use_team_credits": "y"}),
    # uploads for search by image
    ("PUT", "/v3/search/by-image/uploads/..%2F..%2Fx.jpg", b"\xff\xd8"),
    ("PUT", "/v3/search/by-image/uploads/%00.jpg", b"\xff\xd8"),
    ("PUT", "/v3/search/by-image/uploads/x.jpg", b"not an image"),
]


@pytest.fixture(scope="module")
def catalog_ids(client: ContractClient) -> dict[str, str]:
    image = client.get("/v3/search/images/creative?page_size=1").json()["images"][0]
    video = client.get("/v3/search/videos/creative?page_size=1").json()["videos"][0]
    return {"image": image["id"], "video": video["id"]}


@pytest.fixture
def buyer(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    return shopper(services, client, demo)


@pytest.mark.parametrize(("method", "url", "body"), CASES)
def test_bad_input_is_a_getty_4xx(
    client: ContractClient,
    catalog_ids: dict[str, str],
    buyer: Shopper,
    method: str,
    url: str,
    body: Any,
) -> None:
    def named(text: str) -> str:
        return text.replace("{image}", catalog_ids["image"]).replace(
            "{video}", catalog_ids["video"]
        )

    headers = dict(buyer.headers)
    content = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        content = body if isinstance(body, bytes) else named(json.dumps(body)).encode()
    response = client.request(method, named(url), content=content, headers=headers)
    assert_getty_error(response)


_QUERIED = (
    *SEARCHES,
    "/v3/search/events",
    "/v3/images/{image}",
    "/v3/videos?ids={video}",
    "/v3/images/{image}/similar",
    "/v3/artists/images?artist_name=x",
    "/v3/affiliates/search/videos",
)
_NAMES = sorted(
    {
        p["name"]
        for operations in spec()["paths"].values()
        for operation in operations.values()
        for p in operation.get("parameters", [])
        if p["in"] == "query"
    }
)


@bounded(150)
@given(data=st.data())
def test_any_query_answers_the_contract_or_a_getty_4xx(
    client: ContractClient, catalog_ids: dict[str, str], data: st.DataObject
) -> None:
    url = data.draw(st.sampled_from(_QUERIED)).format(**catalog_ids)
    value = st.sampled_from(TRICKY_TEXT) | st.text(max_size=12)
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(_NAMES), value), min_size=1, max_size=4))
    query = "&".join(f"{name}={quote(text, safe=',')}" for name, text in pairs)
    response = client.get(f"{url}{'&' if '?' in url else '?'}{query}")
    if response.status_code != 200:  # a 200 was validated against the contract
        assert_getty_error(response)


@pytest.mark.parametrize(
    ("url", "empty"),
    [
        ("/v3/search/images/editorial?page_size=3", "&fields=&date_to=&date_from=%20"),
        ("/v3/images/{image}", "?fields="),
        ("/v3/downloads", "?company_downloads=&date_to=&page="),
        ("/v3/boards", "?pageSize=&board_relationship="),
    ],
)
def test_a_parameter_given_empty_is_taken_as_absent(
    client: ContractClient, catalog_ids: dict[str, str], buyer: Shopper, url: str, empty: str
) -> None:
    url = url.format(**catalog_ids)
    plain = client.get(url, headers=buyer.headers)
    assert plain.status_code == 200
    assert client.get(url + empty, headers=buyer.headers).json() == plain.json()
