"""Projection through the app: any ``fields`` a client asks for gives documents that
validate against the contract (the client fixture checks each one), or a Getty 4xx."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photobank.api.v3.contract import parameter_enum
from photobank.api.v3.fields import EXTENSION_FIELDS
from photobank.demo.credentials import DemoCredentials
from tests.conftest import SECURE_BASE, ContractClient, grant_form
from tests.properties import bounded

_SEARCHES = (
    "/v3/search/images",
    "/v3/search/images/creative",
    "/v3/search/images/editorial",
    "/v3/search/videos/creative",
    "/v3/search/videos/editorial",
)


@pytest.fixture(scope="module")
def urls(client: ContractClient) -> dict[str, str]:
    """Each operation's URL (without ``fields``), the by-id ones naming real assets."""
    images = client.get("/v3/search/images?page_size=3").json()["images"]
    videos = client.get("/v3/search/videos/creative?page_size=3").json()["videos"]
    image_ids = ",".join(i["id"] for i in images)
    video_ids = ",".join(v["id"] for v in videos)
    found = {path: f"{path}?page_size=5" for path in _SEARCHES}
    found["/v3/images"] = f"/v3/images?ids={image_ids}"
    found["/v3/images/{id}"] = f"/v3/images/{images[0]['id']}?"
    found["/v3/images/{id}/similar"] = f"/v3/images/{images[0]['id']}/similar?page_size=5"
    found["/v3/videos"] = f"/v3/videos?ids={video_ids}"
    return found


@pytest.fixture(scope="module")
def token(client: ContractClient, demo: DemoCredentials) -> str:
    response = client.post(f"{SECURE_BASE}/oauth2/token", data=grant_form(demo, "password"))
    found: str = response.json()["access_token"]
    return found


@bounded(120)
@given(data=st.data())
def test_any_fields_project_onto_the_contract_or_are_refused(
    client: ContractClient, urls: dict[str, str], token: str, data: st.DataObject
) -> None:
    template = data.draw(st.sampled_from(sorted(urls)))
    vocabulary = parameter_enum(template, "fields") + EXTENSION_FIELDS
    names = st.sampled_from(vocabulary) | st.sampled_from(("", "nonsense", "ID", " title"))
    fields = data.draw(st.lists(names, max_size=10).map(",".join))
    headers = {"Authorization": f"Bearer {token}"} if data.draw(st.booleans()) else {}
    response = client.get(f"{urls[template]}&fields={fields}", headers=headers)
    body: Any = response.json()
    if response.status_code == 200:
        return  # validated against the contract by the client fixture
    assert response.status_code in (400, 401), response.text
    assert body["ErrorCode"] and "fields" in body["ErrorMessage"]
