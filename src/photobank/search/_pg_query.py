"""A :class:`SearchQuery` as PostgreSQL conditions over ``search_documents``.

The phrase is split as for the embedded index (:func:`parse_phrase`, the same
analyzer) and written as a tsquery literal; the filters become tags of the
same tsquery (see :mod:`photobank.search._pg_documents`), so one RUM index
condition answers both. Only ranges of free values (dates, clip lengths) are
column conditions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from photobank.clock import as_utc
from photobank.search import _schema as f
from photobank.search._filters import listed_filters
from photobank.search._pg_documents import (
    EDITORIAL_ONLY_TAG,
    EMBEDDABLE_TAG,
    NUDITY_TAG,
    quote,
    tag,
)
from photobank.search._phrase import ParsedPhrase
from photobank.search.colour import cells_near
from photobank.search.query import MINIMUM_SIZES, SearchQuery, SetFilter

# The column conditions (see :func:`conditions`) and their types.
_BOUNDS = (
    ("date_from", "timestamptz"),
    ("date_to", "timestamptz"),
    ("clip_from", "integer"),
    ("clip_to", "integer"),
)


@dataclass(slots=True)
class Conditions:
    """``document @@ CAST(:match AS tsquery)`` and ``columns``; ``empty``: nothing can match."""

    match: str
    rank: str | None  # the positive text parts, for ordering by distance
    columns: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    empty: bool = False

    def where(self) -> str:
        return " AND ".join(["document @@ CAST(:match AS tsquery)", *self.columns])

    def bound(self) -> dict[str, Any]:
        return {"match": self.match, **self.params}

    def hits(self, function: str) -> str:
        """A call of ``function`` over these conditions: one of migration 0013's, which
        find the hits through the RUM index (``search_hit_count``, ``search_hit_facets``);
        its parameters are :meth:`hit_params`."""
        bounds = ", ".join(f"CAST(:{name} AS {kind})" for name, kind in _BOUNDS)
        return f"{function}(CAST(:match AS tsquery), {bounds})"

    def hit_params(self) -> dict[str, Any]:
        return {**dict.fromkeys(name for name, _kind in _BOUNDS), **self.bound()}


def _any(values: Iterable[str]) -> str:
    ordered = sorted(set(values))
    return ordered[0] if len(ordered) == 1 else "(" + " | ".join(ordered) + ")"


def _part(tokens: tuple[str, ...]) -> str:
    """One term, or a phrase of adjacent terms."""
    if len(tokens) == 1:
        return quote(tokens[0])
    return "(" + " <-> ".join(quote(t) for t in tokens) + ")"


def text_parts(parsed: ParsedPhrase, *, relaxed: bool) -> tuple[list[str], list[str]]:
    """The required (or, ``relaxed``, one-of for the loose words) and the excluded parts."""
    required = [_part(tokens) for tokens in parsed.phrases]
    loose = [_part((term,)) for term in parsed.terms]
    if relaxed and loose:
        required.insert(0, _any(loose))
    else:
        required[:0] = loose
    return required, ["!" + _part(tokens) for tokens in parsed.excluded]


class _Tags:
    def __init__(self) -> None:
        self.items: list[str] = []

    def any_of(self, name: str, values: Iterable[object], exclude: bool = False) -> None:
        tags = {quote(tag(name, value)) for value in values}
        if tags:
            self.items.append(("!" if exclude else "") + _any(tags))

    def set_filter(self, name: str, flt: SetFilter | None, lower: bool = False) -> None:
        if flt is not None and flt.values:
            values = {v.lower() for v in flt.values} if lower else flt.values
            self.any_of(name, values, exclude=flt.exclude)


def _tags(q: SearchQuery) -> list[str]:
    t = _Tags()
    t.any_of(f.ASSET_TYPE, [q.asset_type])
    for name, values in listed_filters(q):
        t.any_of(name, values)
    t.set_filter(f.GRAPHICAL_STYLE, q.graphical_styles)
    t.set_filter(f.COLLECTION, q.collection_codes, lower=True)
    t.any_of(f.ARTIST, {a.lower() for a in q.artists})
    t.any_of(f.PERSON, {p.lower() for p in q.specific_people})
    t.any_of(f.EVENT_IDS, q.event_ids)
    for keyword_id in sorted(q.keyword_ids):  # every requested keyword must be present
        t.any_of(f.KEYWORD_IDS, [keyword_id])
    t.any_of(f.KEYWORD_IDS, q.exclude_keyword_ids, exclude=True)
    t.any_of(f.KEYWORD_IDS, q.any_keyword_ids)
    if q.color is not None:
        t.any_of(f.COLOR_CELL, cells_near(q.color))
    if q.minimum_size == "vector":
        t.any_of(f.GRAPHICAL_STYLE, ["vector"])
    elif q.minimum_size is not None and MINIMUM_SIZES.get(q.minimum_size, 0) > 0:
        t.any_of("size", [q.minimum_size])
    if q.minimum_quality_rank is not None and q.minimum_quality_rank < 3:
        # Rank 1 is best, so "at least rank N" keeps ranks 1..N.
        t.any_of(f.QUALITY_RANK, range(1, q.minimum_quality_rank + 1))
    for wanted, name in (
        (q.exclude_nudity, "!" + quote(NUDITY_TAG)),
        (q.exclude_editorial_use_only, "!" + quote(EDITORIAL_ONLY_TAG)),
        (q.embed_content_only, quote(EMBEDDABLE_TAG)),
    ):
        if wanted:
            t.items.append(name)
    return t.items


def conditions(q: SearchQuery, parsed: ParsedPhrase, *, relaxed: bool) -> Conditions:
    required, excluded = text_parts(parsed, relaxed=relaxed)
    found = Conditions(
        match=" & ".join([*required, *_tags(q), *excluded]),
        rank=" & ".join(required) or None,
        empty=q.minimum_quality_rank is not None and q.minimum_quality_rank < 1,
    )
    if q.date_from is not None:
        found.columns.append("date_created >= :date_from")
        found.params["date_from"] = as_utc(q.date_from)
    if q.date_to is not None:
        found.columns.append("date_created <= :date_to")
        found.params["date_to"] = as_utc(q.date_to)
    if q.min_clip_seconds is not None:
        found.columns.append("clip_ms >= :clip_from")
        found.params["clip_from"] = q.min_clip_seconds * 1000
    if q.max_clip_seconds is not None:
        found.columns.append("clip_ms <= :clip_to")
        found.params["clip_to"] = q.max_clip_seconds * 1000
    return found
