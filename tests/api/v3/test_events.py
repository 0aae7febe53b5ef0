"""Event search and event details over HTTP, contract-checked."""

from __future__ import annotations

import pytest

from photobank.catalog.model import Event
from photobank.composition import Services
from tests.conftest import ContractClient


def _busiest(services: Services) -> Event:
    """The event with the most editorial images in the demo catalog."""
    events = services.catalog.reference().events.values()
    return max(events, key=lambda e: (services.events.stats(e).image_count, -e.id))


def test_search_defaults_to_id_name_start_date_newest_first(client: ContractClient) -> None:
    body = client.get("/v3/search/events").json()
    assert body["result_count"] > 0
    first = body["events"][0]
    assert set(first) == {"id", "name", "start_date"}
    dates = [e["start_date"] for e in body["events"]]
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/v3/search/events?sort_order=oldest").json()["events"]
    assert [e["start_date"] for e in oldest] == sorted(e["start_date"] for e in oldest)


def test_search_by_phrase_segment_and_dates(client: ContractClient, services: Services) -> None:
    event = _busiest(services)
    word = event.name.split()[0]
    body = client.get("/v3/search/events", params={"phrase": word, "page_size": 100}).json()
    assert event.id in {e["id"] for e in body["events"]}
    segment = event.editorial_segments[0]
    day = event.start_date.date().isoformat()
    narrowed = client.get(
        "/v3/search/events",
        params={"editorial_segment": segment, "date_from": day, "date_to": f"{day}T23:59:59Z"},
    ).json()
    assert event.id in {e["id"] for e in narrowed["events"]}
    assert client.get("/v3/search/events?phrase=zzqqxxnothing").json() == {
        "events": [],
        "result_count": 0,
    }


def test_event_fields(client: ContractClient, services: Services) -> None:
    event = _busiest(services)
    fields = "child_event_count,editorial_segments,hero_image,image_count,location,type"
    body = client.get(f"/v3/events/{event.id}?fields={fields}").json()
    document = body["events"][0]
    assert document["image_count"] == services.events.stats(event).image_count > 0
    assert [s["name"] for s in document["hero_image"]["display_sizes"]] == [
        "comp", "preview", "thumb",
    ]  # fmt: skip
    assert document["type"] == event.type
    assert document["location"]["country"]
    assert body["events_not_found"] == []
    searched = client.get(
        "/v3/search/events", params={"phrase": event.name, "fields": fields + ",keywords"}
    ).json()
    assert "type" not in searched["events"][0]  # not in the search item schema


def test_events_by_ids(client: ContractClient, services: Services) -> None:
    event = _busiest(services)
    body = client.get(f"/v3/events?ids={event.id},999999").json()
    assert [e["id"] for e in body["events"]] == [event.id]
    assert body["events_not_found"] == [999999]
    missing = client.get("/v3/events/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "EventNotFound"


@pytest.mark.parametrize(
    ("url", "named", "code"),
    [
        ("/v3/search/events?page=51", "page", "InvalidParameterValue"),
        ("/v3/search/events?page_size=101", "page_size", "InvalidParameterValue"),
        ("/v3/search/events?sort_order=best", "sort_order", "InvalidParameterValue"),
        ("/v3/search/events?editorial_segment=cats", "editorial_segment", "InvalidParameterValue"),
        ("/v3/search/events?date_from=yesterday", "date_from", "InvalidParameterValue"),
        ("/v3/search/events?date_to=13-13", "date_to", "InvalidParameterValue"),
        ("/v3/search/events?fields=title", "fields", "InvalidParameterValue"),
        ("/v3/events", "ids", "InvalidRequestParameters"),
        ("/v3/events?ids=a,b", "ids", "InvalidRequestParameters"),
        ("/v3/events?ids=1&fields=keywords", "fields", "InvalidRequestParameters"),
        ("/v3/events/abc", "id", "InvalidRequestParameters"),
    ],
)
def test_bad_input_is_a_400_naming_it(
    client: ContractClient, url: str, named: str, code: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert named in response.json()["message"] and response.json()["code"] == code


def test_country_header_is_checked(client: ContractClient) -> None:
    response = client.get("/v3/search/events", headers={"GI-Country-Code": "XX"})
    assert response.status_code == 400 and "GI-Country-Code" in response.json()["message"]
