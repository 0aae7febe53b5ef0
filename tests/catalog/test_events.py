"""Event search over reference data, and what the index says of each event."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from photobank.catalog.events import EventQuery
from photobank.composition import Services


def test_phrase_words_all_match_as_prefixes(services: Services) -> None:
    events = services.catalog.reference().events
    event = next(iter(events.values()))
    words = event.name.split()[:2]
    phrase = " ".join(w[:4] for w in words)
    page = services.events.search(EventQuery(phrase=phrase, limit=10_000))
    assert event.id in {e.id for e in page.events}
    assert page.total <= len(events)
    nothing = services.events.search(EventQuery(phrase="qqzzxx"))
    assert (nothing.total, nothing.events) == (0, [])


def test_filters_sort_and_page(services: Services) -> None:
    events = list(services.catalog.reference().events.values())
    event = events[0]
    window = EventQuery(
        editorial_segment=event.editorial_segments[0],
        date_from=event.start_date - timedelta(seconds=1),
        date_to=event.start_date,
        sort_order="oldest",
        limit=10_000,
    )
    found = services.events.search(window).events
    assert event.id in {e.id for e in found}
    assert all(e.start_date == event.start_date for e in found)
    newest = services.events.search(EventQuery(limit=5)).events
    assert newest[0].start_date == max(e.start_date for e in events)
    second = services.events.search(EventQuery(limit=5, offset=5)).events
    assert not {e.id for e in newest} & {e.id for e in second}


def test_stats_count_editorial_images_of_the_event(services: Services) -> None:
    counts: Counter[int] = Counter()
    for batch in services.catalog.repository.iter_assets():
        for asset in batch:
            if asset.asset_family == "editorial" and asset.asset_type == "image":
                counts.update(asset.event_ids)
    event_id, expected = min(counts.items())
    event = services.catalog.reference().events[event_id]
    stats = services.events.stats(event)
    assert stats.image_count == expected > 0
    assert stats.hero_asset_id is not None
