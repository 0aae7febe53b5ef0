"""Similar and same-series ranking over the demo catalog."""

from __future__ import annotations

from photobank.composition import Services
from photobank.search.similar import SOURCE_KEYWORDS
from tests.shoppers import images


def test_similar_ranks_by_shared_keyword_relevance(services: Services) -> None:
    source = images(services, 1, lambda a: len(a.keywords) >= 3)[0]
    page = services.related.similar(source, 0, 20)
    assert page.total > 0 and source.id not in [a.id for a in page.assets]
    top = sorted(source.keywords, key=lambda k: -k.relevance)[:SOURCE_KEYWORDS]
    weights = {k.keyword_id: k.relevance for k in top}

    def shared(asset_keywords: tuple[tuple[int, int], ...]) -> int:
        return sum(min(weights.get(k, 0), r) for k, r in asset_keywords if k in weights)

    scores = [shared(tuple(a.keywords)) for a in page.assets]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_same_series_of_an_event_image_shares_its_events(services: Services) -> None:
    source = images(services, 1, lambda a: bool(a.event_ids))[0]
    page = services.related.same_series(source, 0, 50)
    assert source.id not in [a.id for a in page.assets]
    assert all(set(a.event_ids) & set(source.event_ids) for a in page.assets)
    assert services.related.same_series(source, page.total, 10).assets == []
