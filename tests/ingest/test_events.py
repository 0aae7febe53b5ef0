"""Editorial files name their news event in XMP (Iptc4xmpExt:Event): one event per name and day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from photobank.catalog.repository import Reference
from photobank.clock import as_utc
from photobank.ingest.drafts import EventMention
from photobank.ingest.files import find_files
from photobank.ingest.folders import FolderIngest
from photobank.ingest.options import IngestOptions
from photobank.ingest.reference import NewReference
from tests.ingest.conftest import Library
from tests.ingest.support import encoded, picture, with_metadata, write

_MARATHON = {"Xmp.iptcExt.Event": "Brest Harbour Marathon"}


def _tagged(path: Path, day: str, colour: tuple[int, int, int], xmp: dict[str, str]) -> None:
    iptc = {"Iptc.Application2.DateCreated": day, "Iptc.Application2.Headline": f"Runners {day}"}
    write(path, with_metadata(encoded(picture(colour=colour)), iptc, xmp))


def _ingest(library: Library, folder: Path, family: str) -> list[str]:
    files, _ = find_files([folder])
    report = FolderIngest(library.services, IngestOptions(family=family)).run(files)
    assert report.failed == []
    return [asset_id for _, asset_id in report.added]


def test_editorial_pictures_of_one_event_share_it_and_are_found_by_it(
    library: Library, tmp_path: Path
) -> None:
    _tagged(tmp_path / "news" / "a.jpg", "2024-06-02", (200, 0, 0), _MARATHON)
    _tagged(tmp_path / "news" / "b.jpg", "2024-06-02", (0, 200, 0), _MARATHON)
    _tagged(tmp_path / "news" / "c.jpg", "2025-06-01", (0, 0, 200), _MARATHON)  # next year's
    a, b, c = _ingest(library, tmp_path / "news", "editorial")
    client = library.client
    shown = client.get("/v3/images", params={"ids": f"{a},{b},{c}", "fields": "id,event_ids"})
    events = {image["id"]: image["event_ids"] for image in shown.json()["images"]}
    assert events[a] == events[b] != events[c] and len(events[a]) == 1
    (event,) = client.get(f"/v3/events/{events[a][0]}").json()["events"]
    assert (event["name"], event["start_date"][:10]) == ("Brest Harbour Marathon", "2024-06-02")
    found = client.get(
        "/v3/search/images/editorial", params={"event_ids": events[a][0], "fields": "id"}
    ).json()
    assert sorted(image["id"] for image in found["images"]) == sorted([a, b])


def test_a_creative_picture_shows_no_event(library: Library, tmp_path: Path) -> None:
    _tagged(tmp_path / "stock" / "a.jpg", "2024-06-02", (90, 90, 0), _MARATHON)
    (asset_id,) = _ingest(library, tmp_path / "stock", "creative")
    shown = library.client.get(f"/v3/images/{asset_id}", params={"fields": "event_ids"})
    assert shown.json()["images"][0]["event_ids"] == []


def test_an_event_mentioned_at_an_offset_is_found_again_once_stored_in_utc() -> None:
    """A fixture may date an event with an offset: the event is its calendar day, kept
    as that day's UTC midnight, so the next load, reading it back in UTC, finds it."""
    east = timezone(timedelta(hours=2))
    mention = EventMention("Regatta", datetime(2014, 5, 1, 0, 30, tzinfo=east))
    first = NewReference(Reference(), {})
    event_id = first.event(mention, None, ("sport",))
    stored = first.added.events[event_id]
    read_back = replace(stored, start_date=as_utc(stored.start_date))
    assert read_back.start_date == datetime(2014, 5, 1, tzinfo=UTC)
    again = NewReference(Reference(events={event_id: read_back}), {})
    assert again.event(mention, None, ("sport",)) == event_id and not again.added.events
