"""Related searches: the keywords most common among a query's best hits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from photobank.catalog.model import Keyword
from photobank.search import _schema as f

RELATED_POOL = 50  # top hits whose keywords suggest related searches
_SKIP_TYPES = frozenset({"Composition", "Style"})  # "Horizontal" is no search


def related_keywords(
    buckets: Iterable[tuple[int, int]], keywords: Mapping[int, Keyword], phrase: str, limit: int
) -> list[str]:
    """Up to ``limit`` keyword texts from ``(keyword id, hits)`` counts, most hits first,
    leaving out what ``phrase`` already asks; composition and style keywords come last."""
    asked = set(f.TEXT.analyze(phrase))
    preferred: list[str] = []
    others: list[str] = []
    seen: set[str] = set()
    for key, _count in sorted(buckets, key=lambda b: (-b[1], b[0])):
        keyword = keywords.get(key)
        if keyword is None or keyword.text.lower() in seen:
            continue
        terms = set(f.TEXT.analyze(keyword.text))
        if not terms or terms <= asked:
            continue
        seen.add(keyword.text.lower())
        (others if keyword.type in _SKIP_TYPES else preferred).append(keyword.text)
    return (preferred + others)[:limit]
